/**
 * Pod JavaScript per screen, as ConnectWise's iframe downloads it: the entry chunk, the screen's lazy
 * chunk and everything they import statically (CSS reported apart). Raw and gzip -9 bytes (summed per file, as
 * they are sent); budget 15 KB gzipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

type ManifestEntry = { file: string; imports?: string[]; css?: string[]; isEntry?: boolean; src?: string };

export const POD_BUDGET_GZIP = 15 * 1024;

export interface ScreenSize {
  screen: string;
  transport: 'cw' | 'penpal';
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  cssGzipBytes: number;
}

export function podSizes(distDir: string): ScreenSize[] {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const closure = (keys: string[]) => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const dep of manifest[key]?.imports ?? []) visit(dep);
    };
    keys.forEach(visit);
    return [...seen];
  };
  // Each file travels compressed on its own, so the figure is the sum of per-file gzip sizes.
  const measure = (files: string[]) => {
    const contents = files.map((f) => readFileSync(join(distDir, f)));
    return {
      raw: contents.reduce((n, b) => n + b.length, 0),
      gzip: contents.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    };
  };
  const screens = Object.keys(manifest).filter((k) => k.startsWith('pod/screens/') && k.endsWith('index.tsx'));
  const results: ScreenSize[] = [];
  for (const screenKey of screens) {
    for (const transport of ['cw', 'penpal'] as const) {
      const keys = closure(['pod/index.html', screenKey, ...(transport === 'penpal' ? ['pod/bridge/penpal.ts'] : [])]);
      const files = keys.map((k) => manifest[k]?.file as string);
      const css = [...new Set(keys.flatMap((k) => manifest[k]?.css ?? []))];
      const js = measure(files);
      results.push({
        screen: screenKey.split('/')[2] ?? screenKey,
        transport,
        files,
        rawBytes: js.raw,
        gzipBytes: js.gzip,
        cssGzipBytes: css.length ? measure(css).gzip : 0,
      });
    }
  }
  return results;
}
