import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workspace root (the folder holding `pnpm-workspace.yaml`), found by walking up
 * from this module. Works from `demo/server/*.ts` (tests) and `demo/dist/server/*.js`
 * (the built demo) alike.
 */
export function workspaceRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Paths of the built artefacts the demo serves or runs. */
export function builtPaths(root: string = workspaceRoot()) {
  return {
    /** The relay entry point, run as a child process. */
    relayMain: join(root, 'relay', 'dist', 'main.js'),
    /** The single-file script-tag bundle of the widget. */
    widgetBundle: join(root, 'widget', 'dist', 'whatsapp-signup.js'),
    /** The demo's static files (CSS, the dashboard script, images). */
    siteDir: join(root, 'demo', 'site'),
    /** The Vite build of the React page. */
    reactDist: join(root, 'demo', 'dist', 'react'),
    /** Where the demo keeps the relay's SQLite database and logs. */
    dataDir: join(root, 'demo', '.data'),
  };
}
