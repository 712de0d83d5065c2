/**
 * Writes the default model folder — config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model.onnx — exactly as a pretrained model is laid out, so Transformers.js loads it through
 * its ordinary path. The folder is written beside its final place and renamed in, so a crash never
 * leaves a half-written model that a later run would trust.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_MODEL_ID,
  DIMENSIONS,
  MAX_TOKENS,
  MODEL_VERSION,
  NGRAMS,
  POOLED_MODEL_FILE,
  TABLE_SEED,
} from './config.ts';
import { buildNgramGraph } from './graph.ts';
import { buildTokenizerConfig, buildTokenizerJson, buildVocab } from './tokenizer.ts';

export interface BuiltModel {
  dir: string;
  /** Total size of the folder's files. */
  bytes: number;
  milliseconds: number;
}

/** The config.json Transformers.js reads; `citadoc` records how the weights were made. */
function buildConfig(): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: DIMENSIONS,
    vocab_size: Object.keys(buildVocab()).length,
    max_position_embeddings: MAX_TOKENS,
    type_vocab_size: 2,
    citadoc: {
      kind: 'hashed character n-grams, random projection',
      version: MODEL_VERSION,
      seed: TABLE_SEED,
      ngrams: NGRAMS,
    },
  };
}

export async function buildDefaultModel(modelsDir: string): Promise<BuiltModel> {
  const started = performance.now();
  const dir = path.join(modelsDir, DEFAULT_MODEL_ID);
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  const files: Record<string, string | Uint8Array> = {
    'config.json': json(buildConfig()),
    'tokenizer.json': json(buildTokenizerJson()),
    'tokenizer_config.json': json(buildTokenizerConfig()),
    // The usual layout, token vectors out, for any Transformers.js pipeline; the pooled graph beside it.
    'onnx/model.onnx': buildNgramGraph({ output: 'tokens' }),
    [`onnx/${POOLED_MODEL_FILE}.onnx`]: buildNgramGraph(),
  };
  await mkdir(path.join(staging, 'onnx'), { recursive: true });
  let bytes = 0;
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(staging, name), content);
    bytes += (await stat(path.join(staging, name))).size;
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return { dir, bytes, milliseconds: performance.now() - started };
}

/** Builds the default model unless a complete folder of the current version is already there. */
export async function ensureDefaultModel(modelsDir: string): Promise<string> {
  const dir = path.join(modelsDir, DEFAULT_MODEL_ID);
  if (await isCurrent(dir)) return dir;
  return (await buildDefaultModel(modelsDir)).dir;
}

async function isCurrent(dir: string): Promise<boolean> {
  if (!existsSync(path.join(dir, 'onnx', 'model.onnx'))) return false;
  if (!existsSync(path.join(dir, 'onnx', `${POOLED_MODEL_FILE}.onnx`))) return false;
  try {
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    return config?.citadoc?.version === MODEL_VERSION;
  } catch {
    return false;
  }
}

function json(value: object): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
