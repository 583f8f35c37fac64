/**
 * `tds-bridge test-connection` and `tds-bridge activate`: the CLI side of the lead's
 * /tenants/:t/test-connection and /tenants/:t/activation/{plan,apply}. Their bodies are read loosely
 * (named checks / plan steps), so the CLI keeps working as those answers grow.
 */
import { type Api, EXIT } from '../lib/api.ts';
import { type Out, paint } from '../lib/output.ts';
import { resolveTenant } from '../lib/tenant.ts';

interface Item {
  name?: string;
  screen?: string;
  title?: string;
  id?: string;
  ok?: boolean;
  status?: string;
  action?: string;
  message?: string;
  detail?: string;
  description?: string;
  durationMs?: number;
}
interface Answer {
  ok?: boolean;
  checks?: Item[];
  steps?: Item[];
  actions?: Item[];
  summary?: string;
  message?: string;
}

/** The named checks or plan steps: the known list fields first, else the first list of objects in the answer. */
function items(answer: Answer): Item[] {
  const known = answer.checks ?? answer.steps ?? answer.actions;
  if (known) return known;
  const list = Object.values(answer).find(
    (v) => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null),
  );
  return (list as Item[] | undefined) ?? [];
}

function passed(item: Item): boolean | undefined {
  if (typeof item.ok === 'boolean') return item.ok;
  if (item.status) return ['ok', 'pass', 'passed', 'done', 'applied', 'skipped', 'unchanged'].includes(item.status);
  return undefined;
}

function render(out: Out, answer: Answer, kind: 'check' | 'plan'): void {
  for (const item of items(answer)) {
    const result = passed(item);
    // A warning or a skipped check is not a pass: it gets its own mark, so the lines agree with the summary.
    const mark =
      kind === 'plan' && result === undefined
        ? '•'
        : result === false
          ? paint(out, 'red', '✗')
          : item.status === 'warn'
            ? paint(out, 'yellow', '!')
            : item.status === 'skipped' && kind === 'check'
              ? paint(out, 'dim', '–')
              : paint(out, 'green', '✓');
    const name = item.name ?? item.title ?? item.screen ?? item.id ?? '(unnamed)';
    const action = item.action ? ` [${item.action}]` : '';
    const text = item.message ?? item.detail ?? item.description;
    const took = item.durationMs !== undefined ? paint(out, 'dim', ` (${Math.round(item.durationMs)} ms)`) : '';
    out.write(`${mark} ${name}${action}${text ? ` — ${text}` : ''}${took}`);
  }
  if (answer.summary ?? answer.message) out.write(answer.summary ?? answer.message ?? '');
}

function allPassed(answer: Answer): boolean {
  if (typeof answer.ok === 'boolean') return answer.ok;
  return items(answer).every((item) => passed(item) !== false);
}

export async function testConnectionCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; json: boolean },
): Promise<number> {
  const tenantId = await resolveTenant(api, opts.tenant);
  const { body } = await api.post<Answer>(`/tenants/${encodeURIComponent(tenantId)}/test-connection`);
  const ok = allPassed(body);
  if (opts.json) out.write(JSON.stringify(body, null, 2));
  else {
    render(out, body, 'check');
    out.write(
      ok
        ? paint(out, 'green', `All checks passed for ${tenantId}.`)
        : paint(out, 'red', `Some checks failed for ${tenantId}.`),
    );
  }
  return ok ? EXIT.ok : EXIT.failed;
}

export async function activateCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; dryRun: boolean; json: boolean },
): Promise<number> {
  const tenantId = await resolveTenant(api, opts.tenant);
  const base = `/tenants/${encodeURIComponent(tenantId)}/activation`;
  const plan = (await api.post<Answer>(`${base}/plan`)).body;
  if (opts.dryRun) {
    if (opts.json) out.write(JSON.stringify({ plan }, null, 2));
    else {
      out.write(`Activation plan for ${tenantId} (dry run, nothing changed):`);
      render(out, plan, 'plan');
    }
    return EXIT.ok;
  }
  const applied = (await api.post<Answer>(`${base}/apply`)).body;
  const ok = allPassed(applied);
  if (opts.json) out.write(JSON.stringify({ plan, applied }, null, 2));
  else {
    out.write(`Activation plan for ${tenantId}:`);
    render(out, plan, 'plan');
    out.write('Applied:');
    render(out, applied, 'check');
  }
  return ok ? EXIT.ok : EXIT.failed;
}
