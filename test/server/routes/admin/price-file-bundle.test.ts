/** The price-file paths on Cloudflare Workers: FTP, SFTP and the simulator's FTP server stay out of the Worker bundle. */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (path: string) => fileURLToPath(new URL(`../../../../server/${path}`, import.meta.url));

describe('price-file delivery on Cloudflare Workers', () => {
  it.each(['entry/worker.ts', 'routes/admin/index.ts', 'sync/templates/product-sync.ts'])(
    '%s bundles without basic-ftp, ssh2, ftp-srv or any node:* module',
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
      expect(inputs.some((i) => i.endsWith(path))).toBe(true);
      expect(inputs.filter((i) => /basic-ftp|ssh2|ftp-srv|file-transfer-node|price-file-(s)?ftp/.test(i))).toEqual([]);
      expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    },
  );
});
