/** Node only: serves the Vite build from dist/ (the Worker uses its ASSETS binding instead). */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMimeType } from 'hono/utils/mime';
import type { AssetFetcher } from '../deps.ts';

export const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

export function nodeAssets(root: string = DIST_DIR): AssetFetcher {
  const base = resolve(root);
  return async (path) => {
    const file = normalize(join(base, decodeURIComponent(path)));
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) return null;
    return new Response(await readFile(file), {
      headers: { 'content-type': getMimeType(file) ?? 'application/octet-stream' },
    });
  };
}

/** True when the pod, the console and the simulated screens' host script have been built. */
export function podIsBuilt(root: string = DIST_DIR): boolean {
  return (
    existsSync(join(root, 'pod/index.html')) &&
    existsSync(join(root, 'pod/console/index.html')) &&
    existsSync(join(root, 'sim/host.js'))
  );
}
