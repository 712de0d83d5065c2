import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidget, MAX_GZIP_BYTES } from '../build.ts';

describe('npm run build:widget', () => {
  const dir = mkdtemp(path.join(tmpdir(), 'citadoc-widget-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('writes one script within the 30 KB gzipped budget', async () => {
    const outfile = path.join(await dir, 'widget.js');
    const result = await buildWidget({ outfile });
    const code = await readFile(outfile);
    expect(result.gzipBytes).toBe(gzipSync(code, { level: 9 }).length);
    expect(result.gzipBytes).toBeLessThanOrEqual(MAX_GZIP_BYTES);
    expect(MAX_GZIP_BYTES).toBe(30 * 1024);
  });

  it('names no third-party origin and never writes into <head>', async () => {
    const outfile = path.join(await dir, 'widget.js');
    await buildWidget({ outfile });
    const code = await readFile(outfile, 'utf8');
    expect(code).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(code).not.toMatch(/document\.head|@import|@font-face/);
    expect(code).not.toContain('innerHTML');
  });
});
