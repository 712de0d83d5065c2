/**
 * A segment's passages on disk: one JSON line per passage, sorted by label, after a first line giving
 * the labels and each line's length. Loading reads that first line only; a passage is read from the
 * file, parsed and checked when something asks for it (retrieval asks for about a hundred per
 * question). Parsing and validating every passage with zod at each load was most of the 13.7 s an
 * index of 100,000 passages took to load, and kept them all on the V8 heap of every answer thread;
 * read this way, the passages live once in the system's page cache, for every thread and process.
 */
import { closeSync, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import type { Chunk } from '../ingest/types.ts';

export interface StoredChunk extends Chunk {
  label: number;
  /** Its sentences' vectors, with a pretrained model of meaning (../retrieval/sentence-vectors.ts). */
  sentenceVectors?: string;
}

const chunkSchema = z.object({
  label: z.number().int().nonnegative(),
  id: z.string(),
  docId: z.string(),
  ordinal: z.number().int().nonnegative(),
  text: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  ocr: z.boolean().optional(),
  // Not checked as base64 on every read: ../retrieval/sentence-vectors.ts skips a blob of the wrong size.
  sentenceVectors: z.string().optional(),
});

const NEWLINE = 0x0a;
/** Pieces of text written per call to the stream. */
const WRITE_BATCH = 512;

/**
 * Writes a file from pieces of text, a batch of pieces per write: large writes, without one string
 * of the whole file (the passages of 100,000 passages are 80 MB of JSON).
 */
export async function writeLines(file: string, pieces: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file);
  const done = finished(stream);
  // A failed write rejects both: the write's error is the one thrown, this one must not go unhandled.
  done.catch(() => {});
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      stream.write(text, (error) => (error ? reject(error) : resolve())),
    );
  try {
    let batch = '';
    let count = 0;
    for (const piece of pieces) {
      batch += piece;
      if (++count % WRITE_BATCH === 0) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch);
  } finally {
    stream.end();
  }
  await done;
}

/** Writes passages as a chunk file (sorted by label here). */
export async function writeChunkFile(file: string, chunks: Iterable<StoredChunk>): Promise<void> {
  const sorted = [...chunks].sort((a, b) => a.label - b.label);
  const lines = sorted.map((chunk) => `${JSON.stringify(chunk)}\n`);
  const header = { labels: sorted.map((c) => c.label), lengths: lines.map((l) => Buffer.byteLength(l)) };
  await writeLines(
    file,
    (function* () {
      yield `${JSON.stringify(header)}\n`;
      yield* lines;
    })(),
  );
}

const headerSchema = z.object({
  labels: z.array(z.int().nonnegative()),
  lengths: z.array(z.int().positive()),
});

/** First bytes read to find the header line, doubled until it is found. */
const HEADER_READ = 64 * 1024;

/** Closes a chunk file's descriptor once nothing refers to it: versions are dropped, never closed. */
const descriptors = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** The passages of one chunk file, read and parsed when asked for. */
export class ChunkFile {
  private constructor(
    private readonly fd: number,
    /** Sorted. */
    readonly labels: Int32Array,
    /** Start of each passage's line; `starts[i + 1] - 1` is its end. */
    private readonly starts: Float64Array,
  ) {
    descriptors.register(this, fd);
  }

  static async read(file: string): Promise<ChunkFile> {
    return ChunkFile.open(file);
  }

  static open(file: string): ChunkFile {
    const fd = openSync(file, 'r');
    try {
      const { header, end } = readHeader(fd);
      const { labels, lengths } = headerSchema.parse(header);
      if (lengths.length !== labels.length) throw new Error('en-tête de passages incohérent');
      for (let i = 1; i < labels.length; i++) {
        if (labels[i]! <= labels[i - 1]!) throw new Error('étiquettes de passages non triées');
      }
      const starts = new Float64Array(labels.length + 1);
      starts[0] = end;
      lengths.forEach((length, i) => {
        starts[i + 1] = starts[i]! + length;
      });
      const size = fstatSync(fd).size;
      if (starts[labels.length] !== size) {
        throw new Error(`fichier de passages de ${size} octets, ${starts[labels.length]} attendus`);
      }
      return new ChunkFile(fd, Int32Array.from(labels), starts);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get size(): number {
    return this.labels.length;
  }

  /** Position of a label in the file, or -1. */
  indexOf(label: number): number {
    let low = 0;
    let high = this.labels.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.labels[middle]!;
      if (value === label) return middle;
      if (value < label) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The passage at a position, read, parsed and checked. */
  at(position: number): StoredChunk {
    const start = this.starts[position]!;
    const length = this.starts[position + 1]! - start;
    const bytes = Buffer.allocUnsafe(length);
    if (readSync(this.fd, bytes, 0, length, start) !== length) throw new Error('fichier de passages tronqué');
    if (bytes[length - 1] !== NEWLINE) throw new Error(`passage ${this.labels[position]} mal délimité`);
    const chunk = chunkSchema.parse(JSON.parse(bytes.toString('utf8', 0, length - 1)));
    if (chunk.label !== this.labels[position]) throw new Error(`passage ${chunk.label} hors de sa place`);
    return chunk;
  }
}

/** The file's first line, parsed, and where the next one starts. */
function readHeader(fd: number): { header: unknown; end: number } {
  let buffer = Buffer.alloc(HEADER_READ);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      const larger = Buffer.alloc(buffer.length * 2);
      buffer.copy(larger);
      buffer = larger;
    }
    const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
    const newline = buffer.subarray(0, filled + read).indexOf(NEWLINE, filled);
    filled += read;
    if (newline >= 0) return { header: JSON.parse(buffer.toString('utf8', 0, newline)), end: newline + 1 };
    if (read === 0) throw new Error('fichier de passages sans en-tête');
  }
}

/**
 * The live passages of an index, by label, over its segments' chunk files: a read-only map whose
 * values are parsed on each access (callers keep what they use).
 */
export class StoredChunks implements ReadonlyMap<number, StoredChunk> {
  readonly size: number;

  constructor(
    private readonly files: readonly ChunkFile[],
    private readonly deleted: ReadonlySet<number> = new Set(),
  ) {
    let size = 0;
    for (const file of files) for (const label of file.labels) if (!deleted.has(label)) size++;
    this.size = size;
  }

  private locate(label: number): { file: ChunkFile; position: number } | undefined {
    if (this.deleted.has(label)) return undefined;
    for (const file of this.files) {
      const position = file.indexOf(label);
      if (position >= 0) return { file, position };
    }
    return undefined;
  }

  get(label: number): StoredChunk | undefined {
    const found = this.locate(label);
    return found ? found.file.at(found.position) : undefined;
  }

  has(label: number): boolean {
    return this.locate(label) !== undefined;
  }

  *keys(): MapIterator<number> {
    for (const file of this.files) for (const label of file.labels) if (!this.deleted.has(label)) yield label;
  }

  *values(): MapIterator<StoredChunk> {
    for (const file of this.files) {
      for (let i = 0; i < file.size; i++) if (!this.deleted.has(file.labels[i]!)) yield file.at(i);
    }
  }

  *entries(): MapIterator<[number, StoredChunk]> {
    for (const chunk of this.values()) yield [chunk.label, chunk];
  }

  [Symbol.iterator](): MapIterator<[number, StoredChunk]> {
    return this.entries();
  }

  forEach(callback: (value: StoredChunk, key: number, map: ReadonlyMap<number, StoredChunk>) => void): void {
    for (const [label, chunk] of this.entries()) callback(chunk, label, this);
  }
}
