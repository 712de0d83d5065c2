/**
 * The saved form of a lexical index, and its check on load. Compact on purpose: postings are flat
 * number arrays, documents are referred to by their position in `labels`.
 */
import { z } from 'zod';

/** Bumped whenever analysis (tokens, stop words, stemming) or this layout changes. */
export const LEXICAL_FORMAT = 'citadoc-lexical-fr-1';

/** Numbers per posting entry: document position, term count in body, term count in context. */
export const POSTING_STRIDE = 3;

export interface LexicalIndexData {
  format: typeof LEXICAL_FORMAT;
  /** Document labels; a document's position here is how postings refer to it. */
  labels: number[];
  bodyLengths: number[];
  contextLengths: number[];
  terms: string[];
  /** For each term, `[position, bodyCount, contextCount, position, …]`. */
  postings: number[][];
  /** Folded word forms seen in documents (plural ending dropped), and their term: the typo vocabulary. */
  forms: string[];
  formTerms: number[];
}

/** Everything but the posting lists: checked whole, with zod. */
export type LexicalHead = Omit<LexicalIndexData, 'postings'>;

const headSchema = z.object({
  format: z.literal(LEXICAL_FORMAT),
  labels: z.array(z.int()),
  bodyLengths: z.array(z.number()),
  contextLengths: z.array(z.number()),
  terms: z.array(z.string()),
  forms: z.array(z.string()),
  formTerms: z.array(z.int()),
});

function fail(what: string): never {
  throw new Error(`Invalid lexical index: ${what}`);
}

/** Throws a readable error when `head` is not the head of a lexical index this code can read. */
export function parseLexicalHead(head: unknown): LexicalHead {
  const parsed = headSchema.safeParse(head);
  if (!parsed.success) {
    throw new Error(
      `Invalid lexical index (rebuild it with \`npm run ingest\`):\n${z.prettifyError(parsed.error)}`,
    );
  }
  const d = parsed.data;
  const docs = d.labels.length;
  if (d.bodyLengths.length !== docs || d.contextLengths.length !== docs) fail('lengths do not match labels');
  if (new Set(d.labels).size !== docs) fail('duplicate labels');
  if (d.formTerms.length !== d.forms.length) fail('formTerms do not match forms');
  for (const t of d.formTerms) if (t < 0 || t >= d.terms.length) fail(`form refers to term ${t}`);
  return d as LexicalHead;
}

/**
 * Checks one posting list against its head's documents. Postings are checked here, number by
 * number, not by a zod schema per element: that copies every list and, over a million numbers,
 * costs more than the rest of the load.
 */
export function checkPostingList(list: unknown, documents: number): ArrayLike<number> {
  if (!Array.isArray(list) && !(list instanceof Int32Array)) fail('a posting list is not an array');
  if (list.length % POSTING_STRIDE !== 0) fail('a posting list is not made of triples');
  for (let i = 0; i < list.length; i += POSTING_STRIDE) {
    const position = list[i];
    if (!Number.isInteger(position) || (position as number) < 0 || (position as number) >= documents) {
      fail(`posting refers to document ${String(position)}`);
    }
    if (typeof list[i + 1] !== 'number' || typeof list[i + 2] !== 'number') fail('non-numeric count');
  }
  return list as ArrayLike<number>;
}

const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * A line `[12,1,0,…]` of non-negative integers, read into an Int32Array without `JSON.parse`: the
 * arrays it makes for 100,000 passages' lists were hundreds of megabytes of garbage at each load.
 */
export function parseIntegerList(bytes: Uint8Array, start: number, end: number): Int32Array {
  if (bytes[start] !== OPEN || bytes[end - 1] !== CLOSE) fail('a posting list is not an array');
  if (end - start === 2) return new Int32Array(0);
  let count = 1;
  for (let i = start + 1; i < end - 1; i++) if (bytes[i] === COMMA) count++;
  const list = new Int32Array(count);
  let n = 0;
  let value = 0;
  let digits = 0;
  for (let i = start + 1; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= ZERO && byte <= NINE) {
      value = value * 10 + (byte - ZERO);
      if (++digits > 9) fail('a posting number is too large');
    } else if ((byte === COMMA || i === end - 1) && digits > 0) {
      list[n++] = value;
      value = 0;
      digits = 0;
    } else fail('a posting list holds something other than numbers');
  }
  return list;
}

/** A saved index split in its head and its posting lists (one per term, in order), checked as read. */
export interface LexicalParts {
  head: LexicalHead;
  lists: Iterable<unknown>;
}

/** Throws a readable error when `data` is not a lexical index this code can read. */
export function parseLexicalIndexData(data: unknown): LexicalParts {
  const { postings, ...head } = (data ?? {}) as { postings?: unknown };
  if (!Array.isArray(postings)) fail('postings is not an array');
  const parsed = parseLexicalHead(head);
  if (postings.length !== parsed.terms.length) fail('postings do not match terms');
  return { head: parsed, lists: postings };
}

/**
 * The saved form as lines of JSON: the head, then one posting list a line. A reader parses one
 * line at a time and can let other work run between them: one `JSON.parse` of a 100,000-passage
 * index (50 MB) held an answer thread for half a second at each reload.
 */
export function* lexicalLines(head: LexicalHead, lists: Iterable<number[]>): Generator<string> {
  yield `${JSON.stringify(head)}\n`;
  for (const list of lists) yield `${JSON.stringify(list)}\n`;
}

/** Reads `lexicalLines` back from the file's bytes; the lists are parsed as they are iterated. */
export function readLexicalLines(bytes: Buffer): LexicalParts {
  const headEnd = bytes.indexOf(0x0a);
  if (headEnd < 0) fail('no head line');
  const head = parseLexicalHead(JSON.parse(bytes.toString('utf8', 0, headEnd)));
  const terms = head.terms.length;
  function* lists(): Generator<unknown> {
    let at = headEnd + 1;
    for (let n = 0; n < terms; n++) {
      const end = bytes.indexOf(0x0a, at);
      if (end < 0) fail(`${n} posting lists of ${terms}`);
      yield parseIntegerList(bytes, at, end);
      at = end + 1;
    }
    if (at !== bytes.length) fail('more posting lists than terms');
  }
  return { head, lists: lists() };
}
