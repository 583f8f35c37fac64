/** Prints the functions with the most self time in a V8 `.cpuprofile` (from `node --cpu-prof`), grouped by file. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const file = (frame?.url ?? '').replace(/^.*\/(node_modules\/[^/]+|server|sim|db|bench)\//, '$1/');
  const key = `${frame?.functionName || '(anonymous)'}  ${file}:${(frame?.lineNumber ?? 0) + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30))) {
  console.log(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
}
