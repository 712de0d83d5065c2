/**
 * Bundles the widget into one file, `widget/dist/widget.js`, and refuses a bundle over the size
 * budget: residents on slow phones pay for every byte on every host page.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget from issue 5: 30 KB gzipped. */
export const MAX_GZIP_BYTES = 30 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUTFILE = path.join(here, 'dist', 'widget.js');

export interface BuildWidgetOptions {
  outfile?: string;
}

export interface WidgetBuild {
  outfile: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildWidget(options: BuildWidgetOptions = {}): Promise<WidgetBuild> {
  const outfile = options.outfile ?? DEFAULT_OUTFILE;
  await mkdir(path.dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [path.join(here, 'src', 'index.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers with custom elements, shadow DOM and `dvh` fallbacks; the CSS degrades below that.
    target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  const gzipBytes = gzipSync(file.contents, { level: 9 }).length;
  if (gzipBytes > MAX_GZIP_BYTES) {
    throw new Error(`widget.js is ${gzipBytes} bytes gzipped, over the ${MAX_GZIP_BYTES}-byte budget`);
  }
  await writeFile(outfile, file.contents);
  return { outfile, bytes: file.contents.length, gzipBytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWidget().then(
    ({ outfile, bytes, gzipBytes }) => {
      console.log(
        `${path.relative(process.cwd(), outfile)}: ${(bytes / 1024).toFixed(1)} KB, ${(gzipBytes / 1024).toFixed(1)} KB gzipped (budget ${MAX_GZIP_BYTES / 1024} KB)`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
