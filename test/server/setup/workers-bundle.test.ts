import { describe, expect, it } from 'vitest';
import { workersBundleInputs } from '../../support/workers-bundle.ts';

describe('connect & activate on Cloudflare Workers', () => {
  it.each(['routes/setup/index.ts', 'routes/callbacks.ts', 'activation/activate.ts', 'tenants/failover.ts'])(
    '%s bundles for the Workers runtime (no node:* reachable)',
    async (path) => {
      const inputs = await workersBundleInputs(path);
      expect(inputs.some((i) => i.endsWith(path))).toBe(true);
      expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    },
  );
});
