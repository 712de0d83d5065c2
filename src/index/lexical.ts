/**
 * The lexical (BM25F) index of passages: finds passages that share words with a question, even
 * without accents or with a typo. Two fields per passage: `body` (the text) and `context` (document
 * title and heading path, weighted higher). Passages are integer labels chosen by the caller, and can
 * be removed exactly, so a re-ingest can replace one document's passages without a rebuild.
 */
import { type AnalyzedWord, analyzeWords } from '../text/french.ts';
import {
  checkPostingList,
  LEXICAL_FORMAT,
  type LexicalHead,
  type LexicalIndexData,
  type LexicalParts,
  POSTING_STRIDE,
  parseLexicalIndexData,
} from './lexical-data.ts';
import { TypoVocabulary } from './typos.ts';

export type { LexicalIndexData } from './lexical-data.ts';

/** A saved index to load: as `toJSON` gives it, or read in parts (`readLexicalLines`), and its deleted passages. */
export type LexicalPart = ({ data: unknown } | LexicalParts) & { deleted?: ReadonlySet<number> };

/** `loadParts` lets other work run after this long (ms): an answer waits at most about this. */
const LOAD_SLICE_MS = 8;
/** Posting lists handled between two checks of the clock. */
const STEP_LISTS = 256;
/** Terms or documents handled between two checks of the clock. */
const STEP_ITEMS = 4096;

/** One part's posting list of one term, as read, and where its documents go in the index. */
interface Piece {
  termId: number;
  saved: ArrayLike<number>;
  /** The index's slot for each of the part's document positions, -1 for a deleted one. */
  slotOf: Int32Array;
}

/** Term-frequency saturation (usual range 1.2–2). */
const K1 = 1.2;
/** Length normalization of the body: long passages are not favoured for repeating words. */
const BODY_B = 0.75;
/** Titles and heading paths are short and vary little in length, so length matters less there. */
const CONTEXT_B = 0.5;
/** A word in a passage's title or heading path counts this many times a word of its body. */
export const CONTEXT_BOOST = 2;
/** How much a corrected typo weighs, by edit distance (one edit, two edits): less than the word itself. */
const TYPO_WEIGHT_BY_DISTANCE = [0.6, 0.4];
/** Distance 0 is a word that differs only by its plural ending yet has another stem: one edit. */
const typoWeight = (distance: number): number => TYPO_WEIGHT_BY_DISTANCE[Math.max(distance, 1) - 1] ?? 0;
/** Query terms tracked for `matched` (one bit each in a 32-bit mask); more are ignored. */
const MAX_QUERY_TERMS = 32;
const DEFAULT_K = 10;

export interface LexicalFields {
  body: string;
  /** Title and heading path of the passage's document. */
  context?: string;
}

export interface LexicalSearchOptions {
  k?: number;
  /** Keeps only the passages for which it returns true. */
  filter?: (label: number) => boolean;
}

export interface LexicalHit {
  label: number;
  score: number;
  /** Folded words of the query that matched (for a corrected typo, the word as the documents spell it). */
  matched: string[];
}

/** One index term a query searches for. */
interface QueryEntry {
  termId: number;
  weight: number;
  forms: string[];
  /** Which query word it stands for (a typo may expand into several entries). */
  word: number;
}

interface ResolvedQuery {
  entries: QueryEntry[];
  /** For each query term no passage contains, the index terms it is searched as instead. */
  corrections: Map<string, string[]>;
  /** IDF of each query word, as if unknown words were the rarest: what coverage is measured against. */
  wordIdf: number[];
}

export class LexicalIndex {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /**
   * For each term id, `[slot, bodyCount, contextCount, …]`: an array while the index is built, a
   * view into one Int32Array once it is loaded (`freeze`), which a change turns back into an array.
   * 100,000 passages' lists take 72 MB so, off the V8 heap, instead of about 200 MB of arrays.
   */
  private readonly postings: (number[] | Int32Array)[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly labels: number[] = [];
  private readonly freeSlots: number[] = [];
  private readonly bodyLengths: number[] = [];
  private readonly contextLengths: number[] = [];
  /** For each slot, its sorted term ids: what `remove` and `queryCoverage` need. */
  private readonly docTerms: Uint32Array[] = [];
  private readonly typos = new TypoVocabulary();
  private totalBody = 0;
  private totalContext = 0;

  // Search scratch, reused; norms are recomputed after a change.
  private bodyNorm = new Float64Array(0);
  private contextNorm = new Float64Array(0);
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  private normsStale = true;
  private lastQuery: { text: string; resolved: ResolvedQuery } | undefined;

  get size(): number {
    return this.slotOf.size;
  }

  has(label: number): boolean {
    return this.slotOf.has(label);
  }

  /** Indexes a passage; a label already present is replaced. */
  add(label: number, fields: LexicalFields): void {
    this.remove(label);
    const body = analyzeWords(fields.body);
    const context = analyzeWords(fields.context ?? '');
    const counts = new Map<number, [number, number]>();
    const count = (words: AnalyzedWord[], field: 0 | 1) => {
      for (const { form, term } of words) {
        const termId = this.internTerm(term);
        this.typos.add(form, termId);
        const pair = counts.get(termId) ?? [0, 0];
        pair[field]++;
        counts.set(termId, pair);
      }
    };
    count(body, 0);
    count(context, 1);

    const slot = this.freeSlots.pop() ?? this.labels.length;
    this.slotOf.set(label, slot);
    this.labels[slot] = label;
    this.bodyLengths[slot] = body.length;
    this.contextLengths[slot] = context.length;
    for (const [termId, [inBody, inContext]] of counts)
      this.listToChange(termId).push(slot, inBody, inContext);
    this.docTerms[slot] = Uint32Array.from(counts.keys()).sort();
    this.totalBody += body.length;
    this.totalContext += context.length;
    this.changed();
  }

  /** Removes a passage: it is never returned again and no longer counts in the statistics. */
  remove(label: number): boolean {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return false;
    for (const termId of this.docTerms[slot]!) {
      const list = this.listToChange(termId);
      const last = list.length - POSTING_STRIDE;
      for (let i = 0; i < list.length; i += POSTING_STRIDE) {
        if (list[i] !== slot) continue;
        list[i] = list[last]!;
        list[i + 1] = list[last + 1]!;
        list[i + 2] = list[last + 2]!;
        list.length = last;
        break;
      }
    }
    this.totalBody -= this.bodyLengths[slot]!;
    this.totalContext -= this.contextLengths[slot]!;
    this.bodyLengths[slot] = 0;
    this.contextLengths[slot] = 0;
    this.docTerms[slot] = new Uint32Array(0);
    this.slotOf.delete(label);
    this.freeSlots.push(slot);
    this.changed();
    return true;
  }

  /** Best passages for a question, highest score first. */
  search(query: string, options: LexicalSearchOptions = {}): LexicalHit[] {
    const k = options.k ?? DEFAULT_K;
    const { entries } = this.resolve(query);
    if (k <= 0 || entries.length === 0) return [];
    this.prepareScratch();
    const { scores, masks, bodyNorm, contextNorm } = this;
    const touched: number[] = [];
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e]!;
      const list = this.postings[entry.termId]!;
      const idf = this.idf(list.length / POSTING_STRIDE);
      const bit = 1 << e;
      for (let i = 0; i < list.length; i += POSTING_STRIDE) {
        const slot = list[i]!;
        const tf = list[i + 1]! / bodyNorm[slot]! + (CONTEXT_BOOST * list[i + 2]!) / contextNorm[slot]!;
        if (masks[slot] === 0) touched.push(slot);
        scores[slot]! += (entry.weight * idf * tf * (K1 + 1)) / (tf + K1);
        masks[slot]! |= bit;
      }
    }

    // Keep the k best in a small sorted array; the filter runs only on passages that would enter it.
    const best: { slot: number; score: number; mask: number }[] = [];
    for (const slot of touched) {
      const score = scores[slot]!;
      const mask = masks[slot]!;
      scores[slot] = 0;
      masks[slot] = 0;
      if (best.length === k && score <= best[k - 1]!.score) continue;
      if (options.filter && !options.filter(this.labels[slot]!)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { slot, score, mask });
      if (best.length > k) best.pop();
    }
    return best.map(({ slot, score, mask }) => ({
      label: this.labels[slot]!,
      score,
      matched: matchedForms(entries, mask),
    }));
  }

  /**
   * The corrections `search` makes for a query: each analysed term no passage contains, with the
   * index terms it is searched as instead (none when no document word is close). The answerer
   * credits a sentence holding one of them as holding the word.
   */
  correctionsOf(query: string): ReadonlyMap<string, readonly string[]> {
    return this.resolve(query).corrections;
  }

  /** IDF of an analysed term, or undefined when no passage contains it. */
  idfOf(term: string): number | undefined {
    const termId = this.termIds.get(term);
    const list = termId === undefined ? undefined : this.postings[termId];
    if (!list || list.length === 0) return undefined;
    return this.idf(list.length / POSTING_STRIDE);
  }

  /** The weight of the rarest possible word (found in one passage): what an unknown word counts as. */
  maxIdf(): number {
    return this.idf(1);
  }

  /**
   * The IDF-weighted share of the query's words that a passage contains (0–1); a corrected typo counts
   * at its lower weight, and a word no passage contains counts as the rarest word.
   */
  queryCoverage(query: string, label: number): number {
    const slot = this.slotOf.get(label);
    const { entries, wordIdf } = this.resolve(query);
    const total = wordIdf.reduce((sum, idf) => sum + idf, 0);
    if (slot === undefined || total === 0) return 0;
    const terms = this.docTerms[slot]!;
    const credit = new Array<number>(wordIdf.length).fill(0);
    for (const entry of entries) {
      if (!containsSorted(terms, entry.termId)) continue;
      credit[entry.word] = Math.max(credit[entry.word]!, entry.weight);
    }
    return credit.reduce((sum, c, word) => sum + c * wordIdf[word]!, 0) / total;
  }

  toJSON(): LexicalIndexData {
    const { data, postings } = this.toSaved();
    return { ...data, postings: [...postings()] };
  }

  /**
   * The saved form, its posting lists made one at a time when `postings` is iterated: the lists of
   * 100,000 passages take 150 MB as arrays and 50 MB as one JSON string, which a writer need not
   * hold at once (../index/store.ts streams them).
   */
  toSaved(): { data: LexicalHead; postings: () => Generator<number[]> } {
    const position = new Int32Array(this.labels.length).fill(-1);
    const labels: number[] = [];
    const bodyLengths: number[] = [];
    const contextLengths: number[] = [];
    for (const [label, slot] of this.slotOf) {
      position[slot] = labels.length;
      labels.push(label);
      bodyLengths.push(this.bodyLengths[slot]!);
      contextLengths.push(this.contextLengths[slot]!);
    }
    const terms: string[] = [];
    const newTermId = new Int32Array(this.terms.length).fill(-1);
    this.postings.forEach((list, termId) => {
      if (list.length === 0) return;
      newTermId[termId] = terms.length;
      terms.push(this.terms[termId]!);
    });
    const forms: string[] = [];
    const formTerms: number[] = [];
    for (const [form, termId] of this.typos.entries()) {
      if (newTermId[termId]! < 0) continue;
      forms.push(form);
      formTerms.push(newTermId[termId]!);
    }
    const lists = this.postings;
    function* postings(): Generator<number[]> {
      for (const list of lists) {
        if (list.length === 0) continue;
        const saved = Array.from(list);
        for (let i = 0; i < saved.length; i += POSTING_STRIDE) saved[i] = position[saved[i]!]!;
        yield saved;
      }
    }
    return {
      data: { format: LEXICAL_FORMAT, labels, bodyLengths, contextLengths, terms, forms, formTerms },
      postings,
    };
  }

  /** Loads a saved index; throws a readable error when the data is not a valid index of this format. */
  static fromJSON(data: unknown): LexicalIndex {
    return LexicalIndex.fromParts([{ data }]);
  }

  /**
   * One index from the saved indexes of an index's segments, without the passages each lists as
   * deleted: the statistics (document frequencies, average lengths) are those of the whole, as if
   * it had been built in one piece. Passages keep the order of the parts, then of their labels.
   */
  static fromParts(parts: readonly LexicalPart[]): LexicalIndex {
    const index = new LexicalIndex();
    for (const _ of index.buildSteps(parts));
    return index;
  }

  /**
   * `fromParts`, letting the thread do other work every few milliseconds: an answer thread loading
   * the next version keeps answering meanwhile (100,000 passages take about a second to load).
   */
  static async loadParts(parts: readonly LexicalPart[], sliceMs = LOAD_SLICE_MS): Promise<LexicalIndex> {
    const index = new LexicalIndex();
    let sliceStart = performance.now();
    for (const _ of index.buildSteps(parts)) {
      if (performance.now() - sliceStart < sliceMs) continue;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    return index;
  }

  /** Builds the index from parts, yielding every few thousand steps (see `loadParts`). */
  private *buildSteps(parts: readonly LexicalPart[]): Generator<void> {
    // Each part's lists as read, then one buffer for them all: no list is grown element by element.
    const pieces: Piece[] = [];
    for (const part of parts) {
      const { head, lists } = 'head' in part ? part : parseLexicalIndexData(part.data);
      yield* this.appendSteps(head, lists, part.deleted, pieces);
    }
    const lengths = new Uint32Array(this.terms.length);
    for (const [n, { termId, saved, slotOf }] of pieces.entries()) {
      for (let i = 0; i < saved.length; i += POSTING_STRIDE)
        if (slotOf[saved[i]!]! >= 0) lengths[termId]! += 3;
      if (n % STEP_LISTS === 0) yield;
    }
    const flat = new Int32Array(lengths.reduce((sum, n) => sum + n, 0));
    const cursor = new Float64Array(this.terms.length);
    let offset = 0;
    for (let from = 0; from < lengths.length; from += STEP_ITEMS) {
      for (let termId = from; termId < Math.min(from + STEP_ITEMS, lengths.length); termId++) {
        cursor[termId] = offset;
        this.postings[termId] = flat.subarray(offset, offset + lengths[termId]!);
        offset += lengths[termId]!;
      }
      yield;
    }
    for (const [n, { termId, saved, slotOf }] of pieces.entries()) {
      let at = cursor[termId]!;
      for (let i = 0; i < saved.length; i += POSTING_STRIDE) {
        const slot = slotOf[saved[i]!]!;
        if (slot < 0) continue;
        flat[at++] = slot;
        flat[at++] = saved[i + 1]!;
        flat[at++] = saved[i + 2]!;
      }
      cursor[termId] = at;
      if (n % STEP_LISTS === 0) yield;
    }
    pieces.length = 0;
    // Terms are visited in id order, so each document's term list comes out sorted.
    const termsPerDoc = new Uint32Array(this.labels.length);
    const stride = STEP_ITEMS * 64 * POSTING_STRIDE;
    for (let from = 0; from < flat.length; from += stride) {
      const to = Math.min(from + stride, flat.length);
      for (let i = from; i < to; i += POSTING_STRIDE) termsPerDoc[flat[i]!]!++;
      yield;
    }
    const allTerms = new Uint32Array(flat.length / POSTING_STRIDE);
    offset = 0;
    for (let from = 0; from < termsPerDoc.length; from += STEP_ITEMS) {
      for (let slot = from; slot < Math.min(from + STEP_ITEMS, termsPerDoc.length); slot++) {
        this.docTerms[slot] = allTerms.subarray(offset, offset + termsPerDoc[slot]!);
        offset += termsPerDoc[slot]!;
      }
      yield;
    }
    const filled = new Uint32Array(this.labels.length);
    for (const [termId, list] of this.postings.entries()) {
      for (let i = 0; i < list.length; i += POSTING_STRIDE) {
        const slot = list[i]!;
        this.docTerms[slot]![filled[slot]!++] = termId;
      }
      if (termId % STEP_LISTS === 0) yield;
    }
  }

  /** A posting list that can grow and shrink: a loaded one is copied into an array first. */
  private listToChange(termId: number): number[] {
    const list = this.postings[termId]!;
    if (Array.isArray(list)) return list;
    const copy = Array.from(list);
    this.postings[termId] = copy;
    return copy;
  }

  private *appendSteps(
    head: LexicalHead,
    lists: Iterable<unknown>,
    deleted: ReadonlySet<number> | undefined,
    pieces: Piece[],
  ): Generator<void> {
    const slotOf = new Int32Array(head.labels.length).fill(-1);
    head.labels.forEach((label, position) => {
      if (deleted?.has(label) || this.slotOf.has(label)) return;
      const slot = this.labels.length;
      slotOf[position] = slot;
      this.slotOf.set(label, slot);
      this.labels.push(label);
      this.bodyLengths.push(head.bodyLengths[position]!);
      this.contextLengths.push(head.contextLengths[position]!);
      this.totalBody += head.bodyLengths[position]!;
      this.totalContext += head.contextLengths[position]!;
    });
    yield;
    const termIdOf = head.terms.map((term) => this.internTerm(term));
    yield;
    let t = 0;
    for (const unchecked of lists) {
      if (t >= termIdOf.length) throw new Error('Invalid lexical index: more posting lists than terms');
      pieces.push({ termId: termIdOf[t++]!, saved: checkPostingList(unchecked, head.labels.length), slotOf });
      if (t % STEP_LISTS === 0) yield;
    }
    if (t !== termIdOf.length) throw new Error('Invalid lexical index: postings do not match terms');
    head.forms.forEach((form, i) => {
      this.typos.add(form, termIdOf[head.formTerms[i]!]!);
    });
  }

  private internTerm(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.terms.length;
      this.termIds.set(term, termId);
      this.terms.push(term);
      this.postings.push([]);
    }
    return termId;
  }

  private changed(): void {
    this.normsStale = true;
    this.lastQuery = undefined;
  }

  /** Robertson–Spärck Jones IDF, kept positive so that a very common word still counts a little. */
  private idf(documentFrequency: number): number {
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  private resolve(query: string): ResolvedQuery {
    if (this.lastQuery?.text === query) return this.lastQuery.resolved;
    const formsByTerm = new Map<string, string[]>();
    for (const { form, term } of analyzeWords(query)) {
      const forms = formsByTerm.get(term);
      if (forms) {
        if (!forms.includes(form)) forms.push(form);
      } else if (formsByTerm.size < MAX_QUERY_TERMS) formsByTerm.set(term, [form]);
    }
    const entries: QueryEntry[] = [];
    const corrections = new Map<string, string[]>();
    const wordIdf: number[] = [];
    for (const [term, forms] of formsByTerm) {
      const word = wordIdf.length;
      const termId = this.termIds.get(term);
      const documentFrequency = termId === undefined ? 0 : this.postings[termId]!.length / POSTING_STRIDE;
      wordIdf.push(this.idf(documentFrequency));
      if (documentFrequency > 0) {
        entries.push({ termId: termId!, weight: 1, forms, word });
        continue;
      }
      const corrected = this.corrections(forms[0]!, word);
      entries.push(...corrected);
      corrections.set(
        term,
        corrected.map((c) => this.terms[c.termId]!),
      );
    }
    const resolved = { entries: entries.slice(0, MAX_QUERY_TERMS), corrections, wordIdf };
    this.lastQuery = { text: query, resolved };
    return resolved;
  }

  /** Index terms a word unknown to the index may be a typo of, weighted below the word itself. */
  private corrections(form: string, word: number): QueryEntry[] {
    const frequency = (termId: number) => this.postings[termId]!.length / POSTING_STRIDE;
    return this.typos
      .correct(form, frequency)
      .map(({ termId, distance, forms }) => ({ termId, weight: typoWeight(distance), forms, word }));
  }

  private prepareScratch(): void {
    const slots = this.labels.length;
    if (this.scores.length < slots) {
      const capacity = Math.max(slots, this.scores.length * 2);
      this.scores = new Float64Array(capacity);
      this.masks = new Uint32Array(capacity);
      this.bodyNorm = new Float64Array(capacity);
      this.contextNorm = new Float64Array(capacity);
      this.normsStale = true;
    }
    if (!this.normsStale) return;
    const averageBody = this.size > 0 ? this.totalBody / this.size : 0;
    const averageContext = this.size > 0 ? this.totalContext / this.size : 0;
    for (let slot = 0; slot < slots; slot++) {
      this.bodyNorm[slot] = lengthNorm(this.bodyLengths[slot]!, averageBody, BODY_B);
      this.contextNorm[slot] = lengthNorm(this.contextLengths[slot]!, averageContext, CONTEXT_B);
    }
    this.normsStale = false;
  }
}

function lengthNorm(length: number, average: number, b: number): number {
  return average > 0 ? 1 - b + (b * length) / average : 1;
}

function matchedForms(entries: QueryEntry[], mask: number): string[] {
  const forms = new Set<string>();
  entries.forEach((entry, e) => {
    if (mask & (1 << e)) for (const form of entry.forms) forms.add(form);
  });
  return [...forms];
}

function containsSorted(values: Uint32Array, target: number): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = values[middle]!;
    if (value === target) return true;
    if (value < target) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
