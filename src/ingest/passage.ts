/**
 * What of a chunk is indexed besides its text. Questions often name the document's subject ("la loi
 * Lamy", "le NPNRU d'Alès") or its section ("article 6") rather than words of the passage itself, so
 * the title and heading path are indexed with every passage: as a boosted field for the lexical
 * index, and as a first line for the embedding.
 */
import type { ChunkDraft, DocumentMeta } from './types.ts';

export function passageContext(
  chunk: Pick<ChunkDraft, 'headingPath'>,
  meta: Pick<DocumentMeta, 'title'>,
): string {
  const path = chunk.headingPath.filter((h) => h !== meta.title);
  return [meta.title, ...path].join(' — ');
}

export function passageForEmbedding(chunk: ChunkDraft, meta: Pick<DocumentMeta, 'title'>): string {
  return `${passageContext(chunk, meta)}\n${chunk.text}`;
}
