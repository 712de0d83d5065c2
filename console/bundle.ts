/**
 * Bundles the console's script (`src/app.ts`) into one ES module for the browser. Used by
 * `build.ts` (writes `dist/app.js`) and by the server, which bundles in memory when it can so the
 * page never runs a stale build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const CONSOLE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DIST_SCRIPT = path.join(CONSOLE_DIR, 'dist', 'app.js');

export async function bundleConsole(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(CONSOLE_DIR, 'src', 'app.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    // Browsers a front desk has: evergreen, plus a few years of Safari.
    target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
    legalComments: 'none',
    charset: 'utf8',
    write: false,
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the console');
  return output.text;
}
