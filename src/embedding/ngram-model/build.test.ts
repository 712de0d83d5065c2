import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDefaultModel, ensureDefaultModel } from './build.ts';

/** Generous for a loaded 2-core CI machine; it takes well under a second when idle. */
const MAX_BUILD_MS = 10_000;
/** Two graphs (token vectors for any Transformers.js consumer, and the pooled one), ~13 MB each. */
const MAX_MODEL_BYTES = 40 * 1024 * 1024;

let modelsDir: string;
beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'citadoc-build-'));
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('buildDefaultModel', () => {
  it('writes a Transformers.js model folder in seconds, without any corpus', async () => {
    const built = await buildDefaultModel(modelsDir);
    expect(built.milliseconds).toBeLessThan(MAX_BUILD_MS);
    expect(built.bytes).toBeLessThan(MAX_MODEL_BYTES);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model.onnx',
      'onnx/model_pooled.onnx',
    ]) {
      expect((await stat(path.join(built.dir, file))).size).toBeGreaterThan(0);
    }
    const config = JSON.parse(await readFile(path.join(built.dir, 'config.json'), 'utf8'));
    expect(config.model_type).toBe('bert');
  });

  it('writes the same bytes every time: vectors stay comparable across re-ingests', async () => {
    const first = await readFile(path.join((await buildDefaultModel(modelsDir)).dir, 'onnx/model.onnx'));
    const second = await readFile(path.join((await buildDefaultModel(modelsDir)).dir, 'onnx/model.onnx'));
    expect(first.equals(second)).toBe(true);
  });
});

describe('ensureDefaultModel', () => {
  it('rebuilds a folder left by another model version', async () => {
    const dir = await ensureDefaultModel(modelsDir);
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ citadoc: { version: 0 } }));
    await ensureDefaultModel(modelsDir);
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    expect(config.citadoc.version).toBeGreaterThan(0);
  });
});
