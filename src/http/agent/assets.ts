/**
 * The console's files: the page and stylesheet as written in `console/`, the script bundled in
 * memory by esbuild (so it is never a stale build) or, on servers installed without dev
 * dependencies, read from `console/dist/app.js` (`npm run build:console`). Loaded once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAssets {
  html: string;
  css: string;
  /** Undefined when neither esbuild nor a built script is there. */
  js: string | undefined;
}

const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

async function loadScript(): Promise<string | undefined> {
  let bundle: () => Promise<string>;
  try {
    bundle = (await import('../../../console/bundle.ts')).bundleConsole;
  } catch {
    // esbuild is a dev dependency: without it, the script built beforehand.
    return readFile(path.join(CONSOLE_DIR, 'dist', 'app.js'), 'utf8').catch(() => undefined);
  }
  return bundle();
}

let loading: Promise<ConsoleAssets> | undefined;

export function loadConsoleAssets(): Promise<ConsoleAssets> {
  loading ??= Promise.all([
    readFile(path.join(CONSOLE_DIR, 'index.html'), 'utf8'),
    readFile(path.join(CONSOLE_DIR, 'console.css'), 'utf8'),
    loadScript(),
  ]).then(([html, css, js]) => ({ html, css, js }));
  // A failed read is retried on the next request rather than cached.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
