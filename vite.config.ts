import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two bundles: the pod (loaded by ConnectWise in an iframe; one lazy chunk per screen) and the host
 * script of the simulated ConnectWise screens (fixed name, served by the simulator).
 */
export default defineConfig({
  root: r('.'),
  publicDir: false,
  plugins: [preact()],
  build: {
    outDir: r('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    // Every browser ConnectWise supports has modulepreload; the polyfill would only add bytes to the pod.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { pod: r('./pod/index.html'), 'sim-host': r('./sim/cw/screens/host-main.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sim-host' ? 'sim/host.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
