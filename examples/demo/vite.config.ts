import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoStatechartPlugin } from './statechart-plugin.js';

/**
 * One Vite project for the pages under examples/: the React demo at /demo/ and the vanilla example at
 * /vanilla/. `npm start` adds the plugin that serves `/demo-config.json`; builds read it from the static server.
 */
const examples = fileURLToPath(new URL('../', import.meta.url));

export default defineConfig({
  root: examples,
  // The chart panel's diagram, rendered from the machine when the page is served or built.
  plugins: [demoStatechartPlugin()],
  // Inside the repo (git-ignored), not in node_modules, which worktrees may share.
  cacheDir: fileURLToPath(new URL('../../.vite/demo', import.meta.url)),
  // JSX through Vite's built-in transform: no React plugin (and no Fast Refresh) needed for a demo.
  oxc: { jsx: { runtime: 'automatic' } },
  // Imported on first use of the inspector switch; pre-bundled up front so that click does not reload the page.
  optimizeDeps: { include: ['@statelyai/inspect'] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: fileURLToPath(new URL('../../test-output/demo-dist/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      input: {
        demo: fileURLToPath(new URL('./index.html', import.meta.url)),
        vanilla: fileURLToPath(new URL('../vanilla/index.html', import.meta.url)),
      },
    },
  },
  logLevel: 'warn',
});
