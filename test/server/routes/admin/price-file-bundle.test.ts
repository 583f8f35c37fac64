/** The price-file paths on Cloudflare Workers: FTP, SFTP and the simulator's FTP server stay out of the Worker bundle. */
import { describe, expect, it } from 'vitest';
import { workersBundleInputs } from '../../../support/workers-bundle.ts';

describe('price-file delivery on Cloudflare Workers', () => {
  it.each(['entry/worker.ts', 'routes/admin/index.ts', 'sync/templates/product-sync.ts'])(
    '%s bundles without basic-ftp, ssh2, ftp-srv or any node:* module',
    async (path) => {
      const inputs = await workersBundleInputs(path);
      expect(inputs.some((i) => i.endsWith(path))).toBe(true);
      expect(inputs.filter((i) => /basic-ftp|ssh2|ftp-srv|file-transfer-node|price-file-(s)?ftp/.test(i))).toEqual([]);
      expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    },
  );
});
