/**
 * What a server module pulls in when bundled for Cloudflare Workers: esbuild on the browser/workerd platform
 * refuses node built-ins, so the returned inputs show any node:* or Node-only package a Worker would reach.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The bundle's input files for `server/<path>` (e.g. `entry/worker.ts`). */
export async function workersBundleInputs(path: string): Promise<string[]> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../../server/${path}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
    metafile: true,
    external: ['cloudflare:*'],
  });
  return Object.keys(result.metafile.inputs);
}
