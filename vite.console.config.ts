import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The operations console, built on its own after the pod (vite.config.ts runs this build when its own
 * ends): a separate build shares no chunk with the pod, so the pod screens' files and sizes stay exactly
 * as they are. Output: dist/pod/console/index.html and dist/console-assets/ (one lazy chunk per section).
 */
export default defineConfig({
  root: r('.'),
  publicDir: false,
  plugins: [preact()],
  build: {
    outDir: r('./dist'),
    emptyOutDir: false,
    target: 'es2022',
    manifest: '.vite/console-manifest.json',
    assetsDir: 'console-assets',
    modulePreload: { polyfill: false },
    rolldownOptions: { input: { console: r('./pod/console/index.html') } },
  },
});
