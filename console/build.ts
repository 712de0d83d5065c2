/** `npm run build:console`: writes the console's script to `console/dist/app.js` for servers without esbuild. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleConsole, DIST_SCRIPT } from './bundle.ts';

const script = await bundleConsole();
await mkdir(path.dirname(DIST_SCRIPT), { recursive: true });
await writeFile(DIST_SCRIPT, script);
console.log(`${path.relative(process.cwd(), DIST_SCRIPT)}: ${(script.length / 1024).toFixed(1)} Ko`);
