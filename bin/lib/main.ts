/** Parses the command line, runs one command and returns the exit code (0 ok, 1 failed, 2 usage, 3 unreachable/auth). */
import { parseArgs } from 'node:util';
import { activateCommand, testConnectionCommand } from '../commands/connection.ts';
import { consoleCommand } from '../commands/console.ts';
import { diagnoseCommand } from '../commands/diagnose.ts';
import { backupCommand, readPassphrase, restoreCommand, supportBundleCommand } from '../commands/keep.ts';
import { ordersCommand } from '../commands/orders.ts';
import { removeDemoCommand } from '../commands/remove-demo.ts';
import { reportCommand } from '../commands/reports.ts';
import { runCommand } from '../commands/run.ts';
import { cancelCommand, runsCommand, statusCommand, templatesCommand } from '../commands/status.ts';
import { CliError, createApi, EXIT } from './api.ts';
import { resolveConfig } from './config.ts';
import { createOut, type Out } from './output.ts';

export const USAGE = `tds-bridge: run and watch tds-bridge syncs from the command line

Usage:
  tds-bridge run <template> [--tenant T] [--full] [--json]   start a sync and wait for it to finish
  tds-bridge status [--json]                                 every tenant and template: green/yellow/red/gray
  tds-bridge runs [--tenant T] [--json]                      recent runs and their results
  tds-bridge orders [--tenant T] [--json]                    open TD SYNNEX orders, their state and age
  tds-bridge templates [--json]                              the sync templates (ids for "run")
  tds-bridge cancel <run-id> [--json]                        cancel a run
  tds-bridge test-connection [--tenant T] [--json]           check the ConnectWise and TD SYNNEX connections
  tds-bridge activate [--tenant T] [--dry-run] [--json]      set a tenant up (shows the plan, then applies it)
  tds-bridge remove-demo [--tenant demo] [--json]            going live: remove the simulators' demo tenant
  tds-bridge report <daily|weekly|monthly|quarterly> [--tenant T] [--format text|csv|html|json] [--current]
                                                             the last complete period's report (--current: so far)
  tds-bridge support-bundle [--tenant T] <file>              a zip for support (versions, config, checks, errors, timeline), secrets redacted
  tds-bridge backup [--tenant T] [--include-secrets] <file>  the tenant's configuration as JSON (secrets need a passphrase)
  tds-bridge restore [--tenant T] [--dry-run] [--json] <file>  show what the backup changes, then apply it in one transaction
  tds-bridge console --as NAME [--json]                      print a one-time sign-in link to the console for NAME
  tds-bridge diagnose [--tenant T] [--json]                  find common problems, with cause and fix (exit 1 when any is red)

Options:
  --url <url>       the server (default: $TDS_BRIDGE_URL, else http://127.0.0.1:$PORT, else where the
                    running server recorded it listens (data/server.json), else port 8787)
  --token <token>   the admin token (default: $ADMIN_TOKEN, else data/admin-token beside $DATABASE_URL's file)
  --tenant <id>     which tenant (may be left out when there is only one)
  --passphrase-file <file>  backup/restore: the passphrase sealing secrets (else $TDS_BRIDGE_BACKUP_PASSPHRASE)
  -h, --help        this help

Exit codes: 0 success (a run that succeeded, with or without warnings), 1 run failed or cancelled,
2 usage error, 3 server unreachable or admin token refused.`;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  tenant: { type: 'string' },
  full: { type: 'boolean' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  format: { type: 'string' },
  current: { type: 'boolean' },
  'include-secrets': { type: 'boolean' },
  'passphrase-file': { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which flags (beyond --url, --token, --help) each command takes, and how many positional arguments. */
const COMMANDS: Record<string, { flags: string[]; args: number; argName?: string }> = {
  run: { flags: ['tenant', 'full', 'json'], args: 1, argName: '<template>' },
  status: { flags: ['json'], args: 0 },
  runs: { flags: ['tenant', 'json'], args: 0 },
  orders: { flags: ['tenant', 'json'], args: 0 },
  templates: { flags: ['json'], args: 0 },
  cancel: { flags: ['json'], args: 1, argName: '<run-id>' },
  'test-connection': { flags: ['tenant', 'json'], args: 0 },
  activate: { flags: ['tenant', 'dry-run', 'json'], args: 0 },
  'remove-demo': { flags: ['tenant', 'json'], args: 0 },
  report: { flags: ['tenant', 'format', 'current'], args: 1, argName: '<daily|weekly|monthly|quarterly>' },
  'support-bundle': { flags: ['tenant'], args: 1, argName: '<file>' },
  backup: { flags: ['tenant', 'include-secrets', 'passphrase-file'], args: 1, argName: '<file>' },
  restore: { flags: ['tenant', 'dry-run', 'json', 'passphrase-file'], args: 1, argName: '<file>' },
  console: { flags: ['as', 'json'], args: 0 },
  diagnose: { flags: ['tenant', 'json'], args: 0 },
};

export interface MainIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: Out;
  fetch?: typeof fetch;
}

export async function main(
  argv: string[],
  io: MainIo = { env: process.env, cwd: process.cwd(), out: createOut() },
): Promise<number> {
  const { out } = io;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    out.write(USAGE);
    return EXIT.ok;
  }
  const spec = command ? COMMANDS[command] : undefined;
  if (!command || !spec) {
    out.error(`${command ? `Unknown command "${command}".` : 'Which command?'}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const given = Object.keys(values).filter((k) => !['url', 'token', 'help'].includes(k));
  const stray = given.filter((flag) => !spec.flags.includes(flag));
  if (stray.length || rest.length !== spec.args) {
    const problem = stray.length
      ? `"${command}" does not take --${stray.join(', --')}.`
      : `"${command}" takes ${spec.args ? `one argument, ${spec.argName}` : 'no arguments'}.`;
    out.error(`${problem}\n\n${USAGE}`);
    return EXIT.usage;
  }

  const api = createApi(resolveConfig({ url: values.url, token: values.token }, io.env, io.cwd), io.fetch);
  const json = values.json ?? false;
  try {
    switch (command) {
      case 'run':
        return await runCommand(api, out, {
          template: rest[0] ?? '',
          tenant: values.tenant,
          full: values.full ?? false,
          json,
          pollMs: Number(io.env.TDS_BRIDGE_POLL_MS ?? 1_000),
        });
      case 'status':
        return await statusCommand(api, out, json);
      case 'runs':
        return await runsCommand(api, out, { tenant: values.tenant, json });
      case 'orders':
        return await ordersCommand(api, out, { tenant: values.tenant, json });
      case 'templates':
        return await templatesCommand(api, out, json);
      case 'cancel':
        return await cancelCommand(api, out, rest[0] ?? '', json);
      case 'report':
        return await reportCommand(api, out, {
          kind: rest[0] ?? '',
          tenant: values.tenant,
          format: values.format,
          current: values.current ?? false,
        });
      case 'support-bundle':
        return await supportBundleCommand(api, out, { tenant: values.tenant, file: rest[0] ?? '' });
      case 'backup':
        return await backupCommand(api, out, {
          tenant: values.tenant,
          file: rest[0] ?? '',
          includeSecrets: values['include-secrets'] ?? false,
          passphrase: readPassphrase({ passphraseFile: values['passphrase-file'], env: io.env }),
        });
      case 'restore':
        return await restoreCommand(api, out, {
          tenant: values.tenant,
          file: rest[0] ?? '',
          dryRun: values['dry-run'] ?? false,
          passphrase: readPassphrase({ passphraseFile: values['passphrase-file'], env: io.env }),
          json,
        });
      case 'console':
        return await consoleCommand(api, out, { as: values.as, json });
      case 'diagnose':
        return await diagnoseCommand(api, out, { tenant: values.tenant, json });
      case 'test-connection':
        return await testConnectionCommand(api, out, { tenant: values.tenant, json });
      case 'remove-demo':
        return await removeDemoCommand(api, out, { tenant: values.tenant ?? 'demo', json });
      default:
        return await activateCommand(api, out, { tenant: values.tenant, dryRun: values['dry-run'] ?? false, json });
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (json)
      out.write(
        JSON.stringify(
          {
            ok: false,
            exitCode: error.exitCode,
            error: { code: error.code, message: error.message, details: error.details },
          },
          null,
          2,
        ),
      );
    else out.error(`tds-bridge: ${error.message}`);
    return error.exitCode;
  }
}
