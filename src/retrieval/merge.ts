/**
 * Candidates → passages a person reads: neighbouring chunks of one document that were both retrieved
 * are one passage (the thought that a chunk boundary cut), and passages that say the same thing
 * (overlapping chunks, a page quoted by another) are shown once.
 */
import { foldText } from '../text/french.ts';
import { memoize } from '../text/memo.ts';
import type { Candidate, Passage } from './hybrid.ts';
import { MAX_MERGED_CHARS, NEAR_DUPLICATE_JACCARD } from './tuning.ts';

function toPassage(c: Candidate): Passage {
  return {
    labels: [c.chunk.label],
    doc: c.doc,
    text: c.chunk.text,
    headingPath: c.chunk.headingPath,
    page: c.chunk.page,
    pageEnd: c.chunk.pageEnd,
    start: c.chunk.start,
    end: c.chunk.end,
    ocr: c.chunk.ocr ?? false,
    ...(c.chunk.sentenceVectors ? { sentenceVectors: [c.chunk.sentenceVectors] } : {}),
    score: c.score,
    lexicalRank: c.lexicalRank,
    denseRank: c.denseRank,
    lexicalScore: c.lexicalScore,
    similarity: c.similarity,
    matched: c.matched,
  };
}

/** Joins two chunks of one document in reading order, without repeating their overlap. */
function joinText(first: { text: string; end: number }, second: { text: string; start: number }): string {
  const overlap = first.end - second.start;
  if (overlap <= 0) return `${first.text}\n\n${second.text}`;
  return first.text + second.text.slice(Math.min(overlap, second.text.length));
}

function adjacent(p: Passage, c: Candidate): 'before' | 'after' | undefined {
  if (p.doc.id !== c.chunk.docId) return undefined;
  if (c.chunk.start <= p.end && c.chunk.end > p.end && c.chunk.start >= p.start) return 'after';
  if (c.chunk.end >= p.start && c.chunk.start < p.start && c.chunk.end <= p.end) return 'before';
  // Chunks that touch without overlapping (a paragraph boundary): offsets differ by the blank line.
  if (c.chunk.start - p.end >= 0 && c.chunk.start - p.end <= 2) return 'after';
  if (p.start - c.chunk.end >= 0 && p.start - c.chunk.end <= 2) return 'before';
  return undefined;
}

export function mergeNeighbours(candidates: Candidate[]): Passage[] {
  const passages: Passage[] = [];
  for (const c of candidates) {
    const host = passages.find(
      (p) => adjacent(p, c) && p.text.length + c.chunk.text.length <= MAX_MERGED_CHARS,
    );
    if (!host) {
      passages.push(toPassage(c));
      continue;
    }
    const side = adjacent(host, c);
    if (side === 'after') {
      host.text = joinText(host, c.chunk);
      host.end = c.chunk.end;
    } else {
      host.text = joinText(c.chunk, host);
      host.start = c.chunk.start;
      if (host.headingPath.length === 0) host.headingPath = c.chunk.headingPath;
    }
    widenPages(host, c.chunk.page, c.chunk.pageEnd);
    host.mergedHeadings = [...new Set([...(host.mergedHeadings ?? []), ...c.chunk.headingPath])];
    host.labels.push(c.chunk.label);
    host.ocr ||= c.chunk.ocr ?? false;
    if (c.chunk.sentenceVectors)
      host.sentenceVectors = [...(host.sentenceVectors ?? []), c.chunk.sentenceVectors];
    host.matched = [...new Set([...host.matched, ...c.matched])];
    host.lexicalRank = minRank(host.lexicalRank, c.lexicalRank);
    host.denseRank = minRank(host.denseRank, c.denseRank);
    host.lexicalScore = Math.max(host.lexicalScore, c.lexicalScore);
    host.similarity = Math.max(host.similarity, c.similarity);
  }
  return passages;
}

/** The passage's page range grows to cover a merged chunk's pages, whichever side it joins. */
function widenPages(host: Passage, page: number | undefined, pageEnd: number | undefined): void {
  if (page === undefined) return;
  const first = Math.min(host.page ?? page, page);
  const last = Math.max(host.pageEnd ?? host.page ?? page, pageEnd ?? page);
  host.page = first;
  host.pageEnd = last > first ? last : undefined;
}

function minRank(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * Shingles of a passage text, kept (bounded) because the same passages come back question after
 * question. About 10 KB a passage (its text held as the key, a set of a hundred strings): 20,000 of
 * them grew each answer thread by about 200 MB once new questions at 100,000 passages had filled them
 * (`npm run bench:scale`, the control row); 2,000 are the passages of a hundred or so questions.
 */
const SHINGLES_CACHE_LIMIT = 2_000;

const shingles = memoize(SHINGLES_CACHE_LIMIT, (text: string): Set<string> => {
  const words = foldText(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const set = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (set.size === 0 && words.length > 0) set.add(words.join(' '));
  return set;
});

function jaccard(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Keeps the better-ranked of two passages that say the same thing, up to `limit` passages: the
 * comparison is quadratic, so it stops as soon as enough are kept (it runs on every question).
 */
export function dropNearDuplicates(passages: Passage[], limit = Number.POSITIVE_INFINITY): Passage[] {
  const kept: { passage: Passage; shingles: Set<string> }[] = [];
  for (const passage of passages) {
    if (kept.length >= limit) break;
    const own = shingles(passage.text);
    if (kept.some((k) => jaccard(k.shingles, own) >= NEAR_DUPLICATE_JACCARD)) continue;
    kept.push({ passage, shingles: own });
  }
  return kept.map((k) => k.passage);
}
