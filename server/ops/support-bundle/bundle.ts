/**
 * Writes the support bundle: every section redacted (by name and by value), checked once more for any secret,
 * and zipped with fflate (pure JS, so the Worker builds the same archive), with a README saying what is inside.
 */
import { strToU8, zipSync } from 'fflate';
import type { Deps } from '../../deps.ts';
import type { Engine } from '../../sync/engine/index.ts';
import { collectSections } from './collect.ts';
import { createRedactor, secretStrings } from './redact.ts';

const README = `tds-bridge support bundle

Send this file to support with a description of the problem and what you already tried.
Every password, key, token and signing secret was removed ("[redacted]") before the file was written.

versions.json               tds-bridge, ConnectWise (system/info) and template versions
configuration.json          tenant, connections (no secrets), template settings, schedules, mappings, alert rules and channels
permissions.json            test connection: every check of the API members' access, with the fix for each failure
diagnostics.json            status lights (templates and connections, with reasons), diagnostics of the common issues
                            (cause, fix steps), open alerts
recent-errors.json          error entries of the Sync Activity Log, last 7 days
activity-excerpt.json       the newest 500 activity entries (info, warnings, errors), last 7 days
failing-upstream-calls.json failed calls to ConnectWise and TD SYNNEX by route and status, last 7 days
timeline.json               when problems started: failed runs, first/last time of each error, alerts, changes (30 days)
recent-changes.json         the audit log: who changed what, last 30 days
runs.json                   the newest 50 sync runs
`;

export async function buildSupportBundle(input: {
  deps: Deps;
  engine: Engine;
  tenantId: string;
  actor: string;
}): Promise<{ zip: Uint8Array; files: string[] }> {
  const { sections, secrets } = await collectSections(input);
  const redactor = createRedactor(secrets.flatMap(secretStrings));
  const files: Record<string, Uint8Array> = { 'README.txt': strToU8(README) };
  const generated = { tenantId: input.tenantId, generatedAt: input.deps.now().toISOString(), by: input.actor };
  for (const [name, value] of Object.entries({ 'bundle.json': generated, ...sections })) {
    const text = `${JSON.stringify(redactor.redact(value), null, 2)}\n`;
    redactor.assertClean(name, text);
    files[name] = strToU8(text);
  }
  const folder = `tds-bridge-support-${input.tenantId}-${generated.generatedAt.slice(0, 10)}`;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${folder}/${name}`, bytes])), {
    level: 6,
  });
  return { zip, files: Object.keys(files) };
}
