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

/**
 * Postings are only checked to be arrays here, and their numbers in the loop below: a zod schema per
 * element copies every list and, over a million numbers, costs more than the rest of the load.
 */
const dataSchema = z.object({
  format: z.literal(LEXICAL_FORMAT),
  labels: z.array(z.int()),
  bodyLengths: z.array(z.number()),
  contextLengths: z.array(z.number()),
  terms: z.array(z.string()),
  postings: z.array(z.custom<unknown[]>(Array.isArray, 'expected an array')),
  forms: z.array(z.string()),
  formTerms: z.array(z.int()),
});

/** Throws a readable error when `data` is not a lexical index this code can read. */
export function parseLexicalIndexData(data: unknown): LexicalIndexData {
  const parsed = dataSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `Invalid lexical index (rebuild it with \`npm run ingest\`):\n${z.prettifyError(parsed.error)}`,
    );
  }
  const d = parsed.data;
  const fail = (what: string): never => {
    throw new Error(`Invalid lexical index: ${what}`);
  };
  const docs = d.labels.length;
  if (d.bodyLengths.length !== docs || d.contextLengths.length !== docs) fail('lengths do not match labels');
  if (new Set(d.labels).size !== docs) fail('duplicate labels');
  if (d.postings.length !== d.terms.length) fail('postings do not match terms');
  if (d.formTerms.length !== d.forms.length) fail('formTerms do not match forms');
  for (const list of d.postings) {
    if (list.length % POSTING_STRIDE !== 0) fail('a posting list is not made of triples');
    for (let i = 0; i < list.length; i += POSTING_STRIDE) {
      const position = list[i];
      if (!Number.isInteger(position) || (position as number) < 0 || (position as number) >= docs) {
        fail(`posting refers to document ${String(position)}`);
      }
      if (typeof list[i + 1] !== 'number' || typeof list[i + 2] !== 'number') fail('non-numeric count');
    }
  }
  for (const t of d.formTerms) if (t < 0 || t >= d.terms.length) fail(`form refers to term ${t}`);
  return d as LexicalIndexData;
}
