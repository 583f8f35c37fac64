/**
 * Alerts, reports, the support bundle and backup run on Cloudflare Workers too: their routes and templates bundle
 * for workerd with no node:* module and without nodemailer (email is Node-only, attached by the Node entry).
 */
import { describe, expect, it } from 'vitest';
import { workersBundleInputs } from '../../support/workers-bundle.ts';

describe('operations on Cloudflare Workers', () => {
  it.each(['routes/admin/index.ts', 'sync/templates/index.ts', 'entry/worker.ts'])(
    '%s bundles for the Workers runtime (no node:*, no nodemailer)',
    async (path) => {
      const inputs = await workersBundleInputs(path);
      expect(inputs.some((i) => i.includes('fflate'))).toBe(path !== 'sync/templates/index.ts');
      expect(inputs.filter((i) => i.startsWith('node:') || i.includes('nodemailer'))).toEqual([]);
    },
  );
});
