/**
 * Typo tolerance: finds the words of a vocabulary within a small edit distance of a misspelt word
 * (`logment` → `logement`). Candidates come from a trigram index, built lazily on the first lookup
 * (loading an index stays fast) and extended for words added since; each candidate is then checked
 * with a bounded Damerau (optimal string alignment) distance. A lookup allocates nothing in
 * proportion to the vocabulary: the per-word counters are one reused typed array.
 */

export interface FuzzyCandidate {
  word: string;
  distance: number;
}

/** Marks the start and end of a word, so that its first and last letters weigh like the others. */
const START = '\u0002';
const END = '\u0003';
/** An adjacent transposition alters at most four trigrams; every other edit at most three. */
const TRIGRAMS_PER_EDIT = 4;
/** Words indexed between two checks of the clock (`catchUpSteps`). */
const CATCH_UP_STEP = 512;

function trigramsOf(word: string): string[] {
  const padded = START + word + END;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

export class FuzzyMatcher {
  private readonly words: string[] = [];
  private readonly known = new Set<string>();
  private readonly postings = new Map<string, number[]>();
  /** Words before this position are in `postings`. */
  private indexedCount = 0;
  private counts = new Uint16Array(0);

  /** Adds a word to the vocabulary; adding it again changes nothing. */
  add(word: string): void {
    if (this.known.has(word)) return;
    this.known.add(word);
    this.words.push(word);
  }

  get size(): number {
    return this.words.length;
  }

  /** The vocabulary, in insertion order. */
  list(): readonly string[] {
    return this.words;
  }

  /** Vocabulary words within `maxDistance` edits of `word` (itself included, at 0), closest first. */
  lookup(word: string, maxDistance: number): FuzzyCandidate[] {
    this.catchUp();
    const grams = trigramsOf(word);
    const minShared = Math.max(1, grams.length - TRIGRAMS_PER_EDIT * maxDistance);
    const touched: number[] = [];
    const counts = this.counts;
    for (const gram of new Set(grams)) {
      const ids = this.postings.get(gram);
      if (!ids) continue;
      for (const id of ids) {
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
    }
    const found: FuzzyCandidate[] = [];
    for (const id of touched) {
      const shared = counts[id]!;
      counts[id] = 0;
      const candidate = this.words[id]!;
      if (shared < minShared) continue;
      if (Math.abs(candidate.length - word.length) > maxDistance) continue;
      const distance = boundedDistance(word, candidate, maxDistance);
      if (distance <= maxDistance) found.push({ word: candidate, distance });
    }
    return found.sort((a, b) => a.distance - b.distance);
  }

  private catchUp(): void {
    for (const _ of this.catchUpSteps(Number.POSITIVE_INFINITY));
  }

  /** Indexes the words added since the last lookup, yielding every `step` words. */
  *catchUpSteps(step = CATCH_UP_STEP): Generator<void> {
    if (this.counts.length < this.words.length) {
      this.counts = new Uint16Array(Math.max(this.words.length, this.counts.length * 2));
    }
    while (this.indexedCount < this.words.length) {
      const to = Math.min(this.words.length, this.indexedCount + step);
      for (let id = this.indexedCount; id < to; id++) {
        for (const gram of new Set(trigramsOf(this.words[id]!))) {
          const ids = this.postings.get(gram);
          if (ids) ids.push(id);
          else this.postings.set(gram, [id]);
        }
      }
      this.indexedCount = to;
      if (this.indexedCount < this.words.length) yield;
    }
  }
}

/** Rows of the distance table, reused between calls; grown when a longer word comes. */
let rowBefore = new Int32Array(64);
let rowPrevious = new Int32Array(64);
let rowCurrent = new Int32Array(64);

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent transpositions),
 * or `max + 1` as soon as it is known to exceed `max`.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rowCurrent.length < width) {
    rowBefore = new Int32Array(width * 2);
    rowPrevious = new Int32Array(width * 2);
    rowCurrent = new Int32Array(width * 2);
  }
  for (let j = 0; j < width; j++) rowPrevious[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rowCurrent[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(rowPrevious[j]! + 1, rowCurrent[j - 1]! + 1, rowPrevious[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, rowBefore[j - 2]! + 1);
      }
      rowCurrent[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const oldest = rowBefore;
    rowBefore = rowPrevious;
    rowPrevious = rowCurrent;
    rowCurrent = oldest;
  }
  return Math.min(rowPrevious[b.length]!, max + 1);
}
