import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (path: string) => fileURLToPath(new URL(`../../../server/${path}`, import.meta.url));

describe('connect & activate on Cloudflare Workers', () => {
  it.each(['routes/setup/index.ts', 'routes/callbacks.ts', 'activation/activate.ts', 'tenants/failover.ts'])(
    '%s bundles for the Workers runtime (no node:* reachable)',
    async (path) => {
      // esbuild refuses node built-ins on the browser/workerd platform, so a node:* import anywhere below fails.
      const result = await build({
        entryPoints: [entry(path)],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker', 'browser'],
        logLevel: 'silent',
        metafile: true,
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((i) => i.endsWith(path))).toBe(true);
      expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    },
  );
});
