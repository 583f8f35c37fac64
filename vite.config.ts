import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { build, defineConfig, type Plugin } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The operations console is a build of its own (vite.console.config.ts), run when this one ends. */
function consoleBuild(): Plugin {
  return {
    name: 'tds-bridge-console-build',
    apply: 'build',
    async closeBundle() {
      await build({ configFile: r('./vite.console.config.ts'), logLevel: 'warn' });
    },
  };
}

/**
 * Two bundles (and the console, see consoleBuild): the pod (loaded by ConnectWise in an iframe; one lazy chunk per screen) and the host
 * script of the simulated ConnectWise screens (fixed name, served by the simulator).
 */
export default defineConfig({
  root: r('.'),
  publicDir: false,
  plugins: [preact(), consoleBuild()],
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
