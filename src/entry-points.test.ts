/**
 * The service's ingestion child compiled: once per content, and without the readers only some files
 * need (pdf.js, parse5), which are what makes a child slow to start.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileEntryPoints } from './entry-points.ts';

/** The packages a compiled file loads when it starts: its static imports, through its own chunks. */
async function packagesLoadedAtStart(file: string, seen = new Set<string>()): Promise<Set<string>> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const code = await readFile(file, 'utf8');
  for (const [, specifier] of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gms)) {
    if (specifier!.startsWith('./')) {
      for (const p of await packagesLoadedAtStart(join(dirname(file), specifier!), seen)) packages.add(p);
    } else if (!specifier!.startsWith('node:')) packages.add(specifier!);
  }
  return packages;
}

describe('compileEntryPoints', () => {
  it('compiles once per content: a second call finds the same build', async () => {
    const first = await compileEntryPoints();
    const second = await compileEntryPoints();
    expect(second).toEqual(first);
    for (const entry of Object.values(first)) {
      expect(entry.execArgv).toEqual([]);
      expect((await stat(fileURLToPath(entry.href))).isFile()).toBe(true);
    }
  });

  it('leaves pdf.js and parse5 out of what the child loads at start', async () => {
    const { child } = await compileEntryPoints();
    const packages = await packagesLoadedAtStart(fileURLToPath(child.href));
    expect(packages).toContain('zod');
    expect(packages).not.toContain('pdfjs-dist/legacy/build/pdf.mjs');
    expect(packages).not.toContain('parse5');
  });
});
