/**
 * The sync engine's public surface: declare templates with `defineTemplate`, run them with
 * `createEngine({ db, templates, … }).tick()`. See README.md beside this file.
 */
export {
  type ActivityQuery,
  type ActivityScope,
  type ActivityWriter,
  createActivityWriter,
  type Page,
  queryActivity,
  writeActivity,
} from './activity-log.ts';
export { assertCron, nextRunAfter } from './cron.ts';
export {
  type ActivityEntryInput,
  type ActivityLogger,
  type CountKind,
  defineTemplate,
  type StepContext,
  type StepResult,
  type Template,
  type TemplateSpec,
} from './define.ts';
export { createEngine, type Engine, type EngineOptions, type RunNowResult, type TickReport } from './engine.ts';
export {
  type Accepted,
  INTAKE_DEFAULTS,
  type Intake,
  type IntakeContext,
  type IntakeDrainReport,
  type IntakeHandler,
  type IntakeInput,
  type IntakeWork,
} from './intake.ts';
export type { RunQuery } from './run-repo.ts';
export type { RunScope } from './run-scope.ts';
export type { ScheduleView } from './schedules.ts';
export { type SettingsView, saveSettings, storedSettings } from './settings.ts';
export {
  ACTIVE_STATES,
  canTransition,
  isTerminal,
  RUN_STATES,
  RUN_TRANSITIONS,
  type RunState,
  TERMINAL_STATES,
} from './states.ts';
export type { Light, TemplateStatus, TenantStatus } from './status.ts';
