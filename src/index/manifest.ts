/**
 * The index manifest: what an index was built with and from. Validated with zod on load, and compared
 * with the running configuration so that an index built with another model or chunker is refused
 * instead of silently answering with vectors that mean something else.
 */
import { z } from 'zod';

/**
 * 2: derived data (commitments) is computed at ingestion and stored with the version
 * (`commitments.json`, `derived` below), no longer recomputed by every process that loads it.
 * 3: passages, lexical index and graph in segments (`segments` below, ./store.ts), so an update
 * writes only its own passages; passages one JSON line each, parsed when asked for (./chunk-file.ts).
 * 4: a segment's lexical index as lines (head, then one posting list a line), loaded in slices.
 * 5: a chunk file's first line gives each passage line's length: passages are read from the file
 * when asked for, not held in memory.
 * 6: with a pretrained model, each passage carries its sentences' vectors
 * (../retrieval/sentence-vectors.ts).
 */
export const INDEX_FORMAT_VERSION = 6;

/** A segment's name: its files are `<name>.chunks`, `<name>.lexical`, `<name>.hnsw`. */
export const SEGMENT_NAME = /^s-[0-9TZ]+-[0-9a-f]+$/;

const embeddingSchema = z.object({
  provider: z.enum(['transformers', 'openai-api']).optional(),
  modelId: z.string(),
  dimensions: z.number().int().positive(),
  pooling: z.enum(['mean', 'cls']),
  normalize: z.boolean(),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
  roles: z.enum(['input_type', 'prefix', 'none']).optional(),
});

/** A document's metadata as the index keeps it; the API's document list shows it too. */
export const documentMetaSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  kind: z.string(),
  excerpt: z.boolean(),
  note: z.string().optional(),
});

export const documentSchema = z.object({
  id: z.string(),
  source: z.string(),
  checksum: z.string(),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  meta: documentMetaSchema,
  pages: z.number().int().positive().optional(),
  pageStatus: z.array(z.enum(['text', 'ocr', 'scan', 'empty'])).optional(),
  warnings: z.array(z.string()),
  labels: z.array(z.number().int().nonnegative()),
  /** The segment holding its passages (none for a document without passages). */
  segment: z.string().regex(SEGMENT_NAME).optional(),
});

/**
 * A segment: files written once, by the ingestion that added its documents, then linked into every
 * later version until it is compacted. Passages removed since are listed here, not erased there.
 */
const segmentSchema = z.object({
  name: z.string().regex(SEGMENT_NAME),
  /** Passages written in its files. */
  passages: z.number().int().nonnegative(),
  deleted: z.array(z.number().int().nonnegative()),
});

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string(),
  embedding: embeddingSchema,
  /** Reader and chunker versions and settings: chunks made otherwise would not be comparable. */
  pipeline: z.object({
    readers: z.string(),
    chunker: z.string(),
    analyzer: z.string(),
    chunkOptions: z.object({
      targetChars: z.number(),
      maxChars: z.number(),
      overlapChars: z.number(),
    }),
  }),
  dense: z.object({
    space: z.literal('cosine'),
    M: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
    ef: z.number().int().positive(),
  }),
  nextLabel: z.number().int().nonnegative(),
  documents: z.array(documentSchema),
  segments: z.array(segmentSchema),
  /**
   * What computed the derived files of this version (`commitments.json`): one written by another
   * extractor is recomputed by the next ingestion, without reading or embedding any document.
   */
  derived: z.object({ commitments: z.string() }),
});

export type IndexManifest = z.infer<typeof manifestSchema>;
export type IndexedDocument = z.infer<typeof documentSchema>;
export type IndexSegment = z.infer<typeof segmentSchema>;
export type PipelineSettings = IndexManifest['pipeline'];
export type EmbeddingSettings = IndexManifest['embedding'];

/** The index cannot be used as it is; the message says what the maintainer should do. */
export class IndexError extends Error {
  constructor(
    readonly code: 'missing' | 'corrupt' | 'mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'IndexError';
  }
}

/** Differences between what an index was built with and what is asked now, in French, or [] when compatible. */
export function compareSettings(
  manifest: IndexManifest,
  embedding: EmbeddingSettings,
  pipeline: PipelineSettings,
): string[] {
  const differences: string[] = [];
  const built = manifest.embedding;
  const providerOf = (e: EmbeddingSettings) => e.provider ?? 'transformers';
  if (providerOf(built) !== providerOf(embedding)) {
    const where = (e: EmbeddingSettings) =>
      providerOf(e) === 'transformers' ? 'dans le service' : 'par un serveur (EMBEDDINGS_URL)';
    differences.push(
      `modèle « ${built.modelId} » calculé ${where(built)} (demandé : « ${embedding.modelId} » ${where(embedding)}` +
        `${providerOf(built) === 'openai-api' ? ' ; ou redonnez EMBEDDINGS_URL pour servir cet index' : ''})`,
    );
  } else if (built.modelId !== embedding.modelId) {
    differences.push(`modèle d'embedding « ${built.modelId} » (demandé : « ${embedding.modelId} »)`);
  } else if (
    built.dimensions !== embedding.dimensions ||
    built.pooling !== embedding.pooling ||
    built.normalize !== embedding.normalize ||
    built.queryPrefix !== embedding.queryPrefix ||
    built.passagePrefix !== embedding.passagePrefix ||
    (built.roles ?? 'none') !== (embedding.roles ?? 'none')
  ) {
    differences.push(`réglages du modèle « ${built.modelId} » (dimensions, pooling ou préfixes)`);
  }
  const p = manifest.pipeline;
  if (p.readers !== pipeline.readers)
    differences.push(`lecteurs ${p.readers} (actuels : ${pipeline.readers})`);
  if (p.chunker !== pipeline.chunker)
    differences.push(`découpage ${p.chunker} (actuel : ${pipeline.chunker})`);
  if (p.analyzer !== pipeline.analyzer)
    differences.push(`analyse ${p.analyzer} (actuelle : ${pipeline.analyzer})`);
  if (JSON.stringify(p.chunkOptions) !== JSON.stringify(pipeline.chunkOptions)) {
    differences.push('taille des passages');
  }
  return differences;
}
