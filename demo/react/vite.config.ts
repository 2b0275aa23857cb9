import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The demo's React page, built like any React app an ASP might have. It is served
 * under `/react/` by the demo back end, so assets are based there. It imports the
 * dashboard's stylesheet; the logo stays at the back end's `/assets/`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/react/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/react', import.meta.url)),
    emptyOutDir: true,
    // The page's CSP allows scripts from 'self' only: no inlined module preload helpers or assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
