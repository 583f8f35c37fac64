/** Node only: serves the Vite build from dist/ (the Worker uses its ASSETS binding instead). */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMimeType } from 'hono/utils/mime';
import type { AssetFetcher } from '../deps.ts';

export const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * The file under `base` that `path` names, or undefined: resolved, checked against `base` plus a separator
 * (so a sibling such as dist-worker/ is outside), and no symlink anywhere (the real path must be the path).
 */
export function fileInside(base: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base + sep) || !existsSync(file)) return undefined;
  const stat = lstatSync(file);
  if (!stat.isFile() || stat.isSymbolicLink()) return undefined;
  return realpathSync(file) === join(realpathSync(base), file.slice(base.length + 1)) ? file : undefined;
}

export function nodeAssets(root: string = DIST_DIR): AssetFetcher {
  const base = resolve(root);
  return async (path) => {
    const file = fileInside(base, path);
    if (!file) return null;
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
