/**
 * Loads an embedding model through Transformers.js — the default n-gram model built by the project,
 * or a pretrained one such as `Xenova/multilingual-e5-small` — and wraps it as an Embedder whose
 * spec states every choice (prefixes, pooling, normalisation, dimensions) for the index manifest.
 * Transformers.js and onnxruntime are heavy: imported on first use, one pipeline per model and
 * models folder for the whole process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import { detectModelFamily, MODEL_FAMILIES, type ModelFamilyName } from './model-families.ts';
import { ensureDefaultModel } from './ngram-model/build.ts';
import { DEFAULT_MODEL_ID, POOLED_MODEL_FILE } from './ngram-model/config.ts';
import { type ApiEmbedderOptions, loadApiEmbedder } from './openai-api.ts';
import type { Embedder, EmbeddingSpec } from './types.ts';

export interface LoadEmbedderOptions {
  /** Folder name under `modelsDir`, or a Hugging Face id. */
  model: string;
  modelsDir: string;
  /** Let Transformers.js download a pretrained model missing from `modelsDir`. Default false. */
  allowRemoteModels?: boolean;
  /** Passages per forward pass. */
  batchSize?: number;
  /** Overrides the family guessed from the model id (prefixes, pooling). */
  family?: ModelFamilyName;
  /** Embeddings from a server speaking the OpenAI API (EMBEDDINGS_URL) instead: `model` is then unused. */
  api?: ApiEmbedderOptions;
}

/** What an index must have been built with, as far as is known before any model is loaded. */
export function configuredEmbedding(options: LoadEmbedderOptions): {
  provider: 'transformers' | 'openai-api';
  /** Unknown when the server is to name its model. */
  modelId: string | undefined;
} {
  return options.api
    ? { provider: 'openai-api', modelId: options.api.model }
    : { provider: 'transformers', modelId: options.model };
}

/**
 * 32 passages of ~500 characters pad to a few thousand tokens for a BERT-size model: a batch big
 * enough to amortise the per-call overhead, small enough to keep memory in tens of megabytes.
 */
export const DEFAULT_BATCH_SIZE = 32;

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

const pipelines = new Map<string, Promise<FeatureExtractionPipeline>>();
/** Transformers.js reads its settings from a global `env`: loads take turns so each sees its own. */
let loadQueue: Promise<unknown> = Promise.resolve();

export async function loadEmbedder(options: LoadEmbedderOptions): Promise<Embedder> {
  // A server is asked afresh each time (three small requests): whether it is up is the point.
  if (options.api) return loadApiEmbedder(options.api);
  const family = MODEL_FAMILIES[options.family ?? detectModelFamily(options.model)];
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const extractor = await getPipeline(options);
  // The built-in model pools and normalises inside its graph (ngram-model/graph.ts): its output is
  // the sentence vector the spec describes, read as is rather than pooled again by the pipeline.
  const pooledInGraph = options.model === DEFAULT_MODEL_ID;
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const output = pooledInGraph
      ? await sentenceEmbeddings(extractor, texts)
      : await extractor(texts, { pooling: family.pooling, normalize: family.normalize });
    const [rows, width] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
  };

  // Dimensions are read from the model's output, not trusted from config.json.
  const [probe] = await run([`${family.passagePrefix}dimension`]);
  const spec: EmbeddingSpec = {
    provider: 'transformers',
    modelId: options.model,
    dimensions: probe!.length,
    ...family,
  };

  return {
    spec,
    async embedQuery(text) {
      const [vector] = await run([spec.queryPrefix + text]);
      return vector!;
    },
    async embedPassages(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => spec.passagePrefix + text);
        vectors.push(...(await run(batch)));
      }
      return vectors;
    },
  };
}

/** The model's `sentence_embedding` output, on the pipeline's own tokenizer and session. */
async function sentenceEmbeddings(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Tensor> {
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true });
  const { sentence_embedding: vectors } = (await extractor.model(inputs)) as { sentence_embedding?: Tensor };
  if (vectors?.dims.length === 2) return vectors;
  throw new ModelLoadError(
    `le modèle ${DEFAULT_MODEL_ID} n'a pas de sortie sentence_embedding : lancez npm run build:model.`,
  );
}

/** `pipeline()`'s overloads are too large a union for tsc; this is the one we call. */
type CreatePipeline = (
  task: 'feature-extraction',
  model: string,
  options: {
    dtype: 'fp32';
    model_file_name?: string;
    session_options: { intraOpNumThreads: number; interOpNumThreads: number };
  },
) => Promise<FeatureExtractionPipeline>;

/**
 * One onnxruntime thread. With its default thread pool, the extra thread spins between calls and
 * cost more CPU than the query embedding itself (server CPU per uncached question 8.7 -> 2.7 ms,
 * measured with bench:http): on a 2-core machine that serves HTTP too, the spin is pure loss.
 */
const ORT_SESSION = { intraOpNumThreads: 1, interOpNumThreads: 1 };

function createExtractor(pipeline: unknown, model: string): Promise<FeatureExtractionPipeline> {
  // fp32: the default model ships only model.onnx, and saying so silences the "dtype not specified" warning.
  return (pipeline as CreatePipeline)('feature-extraction', model, {
    dtype: 'fp32',
    // The built-in model pools inside its own graph (ngram-model/graph.ts), in a file of its own.
    ...(model === DEFAULT_MODEL_ID ? { model_file_name: POOLED_MODEL_FILE } : {}),
    session_options: ORT_SESSION,
  });
}

function getPipeline(options: LoadEmbedderOptions): Promise<FeatureExtractionPipeline> {
  const key = `${path.resolve(options.modelsDir)}\0${options.model}`;
  let pending = pipelines.get(key);
  if (!pending) {
    pending = loadQueue.then(() => createPipeline(options));
    loadQueue = pending.catch(() => undefined);
    // A failed load is not cached: the next call retries (after `npm run build:model`, say).
    pending.catch(() => pipelines.delete(key));
    pipelines.set(key, pending);
  }
  return pending;
}

async function createPipeline(options: LoadEmbedderOptions): Promise<FeatureExtractionPipeline> {
  const { model, modelsDir } = options;
  const dir = path.join(modelsDir, model);
  const isDefault = model === DEFAULT_MODEL_ID;
  if (isDefault) await ensureDefaultModel(modelsDir);

  const transformers = await import('@huggingface/transformers').catch((cause: unknown) => {
    throw new ModelLoadError('@huggingface/transformers est absent : lancez npm install.', { cause });
  });
  const { env, pipeline } = transformers;
  env.localModelPath = path.resolve(modelsDir);
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemoteModels ?? false;

  if (!isDefault && !env.allowRemoteModels && !existsSync(path.join(dir, 'config.json'))) {
    throw new ModelLoadError(
      `Modèle ${model} introuvable dans ${dir}, et le téléchargement est désactivé ici ` +
        '(allowRemoteModels: false). Copiez-y le dossier du modèle, ou autorisez le téléchargement.',
    );
  }
  try {
    return await createExtractor(pipeline, model);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const advice = isDefault
      ? 'lancez npm run build:model pour le reconstruire.'
      : env.allowRemoteModels
        ? 'il n’a pas pu être téléchargé non plus (pas d’accès au Hub depuis cette machine ?).'
        : 'vérifiez que le dossier contient config.json, tokenizer.json et onnx/model.onnx.';
    throw new ModelLoadError(`Modèle introuvable ou illisible dans ${dir} : ${advice} (${reason})`, {
      cause,
    });
  }
}
