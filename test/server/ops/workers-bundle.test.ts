/**
 * Alerts, reports, the support bundle and backup run on Cloudflare Workers too: their routes and templates bundle
 * for workerd with no node:* module and without nodemailer (email is Node-only, attached by the Node entry).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (path: string) => fileURLToPath(new URL(`../../../server/${path}`, import.meta.url));

describe('operations on Cloudflare Workers', () => {
  it.each(['routes/admin/index.ts', 'sync/templates/index.ts', 'entry/worker.ts'])(
    '%s bundles for the Workers runtime (no node:*, no nodemailer)',
    async (path) => {
      const result = await build({
        entryPoints: [entry(path)],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker', 'browser'],
        logLevel: 'silent',
        metafile: true,
        external: ['cloudflare:*'],
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((i) => i.includes('fflate'))).toBe(path !== 'sync/templates/index.ts');
      expect(inputs.filter((i) => i.startsWith('node:') || i.includes('nodemailer'))).toEqual([]);
    },
  );
});
