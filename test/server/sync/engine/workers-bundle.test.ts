import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workersBundleInputs } from '../../../support/workers-bundle.ts';

const ENGINE_DIR = fileURLToPath(new URL('../../../../server/sync/engine/', import.meta.url));

describe('the engine on Cloudflare Workers', () => {
  it('imports nothing from node:* in its own files', () => {
    const files = readdirSync(ENGINE_DIR).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(readFileSync(join(ENGINE_DIR, file), 'utf8'), file).not.toMatch(/from\s+['"]node:|require\(/);
    }
  });

  it('bundles for the Workers runtime with everything it imports', async () => {
    // esbuild (tsx's bundler) refuses node built-ins on the browser/workerd platform, so any node:* import
    // reachable from the engine (ours or a dependency's) fails this build.
    const inputs = await workersBundleInputs('sync/engine/index.ts');
    expect(inputs.some((p) => p.includes('croner'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:') || p.includes('@libsql/client'))).toEqual([]);
  });
});
