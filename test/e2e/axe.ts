/** Runs axe-core inside a frame (the pod) and returns the serious and critical violations, readable in a failure. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function seriousViolations(frame: Frame): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the pod's Content-Security-Policy does not apply to it.
  await frame.evaluate(`${axeSource}\n;undefined`);
  const violations = await frame.evaluate(async () => {
    type AxeViolation = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };
    const axe: { run(ctx: Document): Promise<{ violations: AxeViolation[] }> } = Reflect.get(window, 'axe');
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 3).join(', ')})`);
}
