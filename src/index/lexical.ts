/**
 * The lexical (BM25F) index of passages: finds passages that share words with a question, even
 * without accents or with a typo. Two fields per passage: `body` (the text) and `context` (document
 * title and heading path, weighted higher). Passages are integer labels chosen by the caller, and can
 * be removed exactly, so a re-ingest can replace one document's passages without a rebuild.
 *
 * A loaded index keeps its numbers (posting lists, each passage's terms, lengths, labels) in typed
 * arrays on SharedArrayBuffers: the answer threads of the service search one copy
 * (`toShared`/`fromShared`), each keeping only its own strings (terms, typo vocabulary).
 */
import { type AnalyzedWord, analyzeWords } from '../text/french.ts';
import { runInSlices, SLICE_MS } from './give-way.ts';
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

/** Posting lists handled between two checks of the clock. */
const STEP_LISTS = 256;
/** Terms or documents handled between two checks of the clock. */
const STEP_ITEMS = 4096;
/** Words recorded in the typo vocabulary between two checks (a few µs each: its phonetic key). */
const STEP_WORDS = 256;

/** One part's posting list of one term, as read, and where its documents go in the index. */
interface Piece {
  termId: number;
  saved: ArrayLike<number>;
  /** The index's slot for each of the part's document positions, -1 for a deleted one. */
  slotOf: Int32Array;
}

/** The passages of the parts being loaded, in slot order. */
interface SlotsBeingRead {
  /** The slot of the first of them (after those of the index extended). */
  first: number;
  labels: number[];
  bodyLengths: number[];
  contextLengths: number[];
  /** A label in two parts is taken from the first. */
  seen: Set<number>;
  /** Labels the index extended holds already (`LexicalIndex.extend`), which are not taken again. */
  held?: (label: number) => boolean;
}

/** A loaded index's numbers, on SharedArrayBuffers: another thread searches them without a copy. */
export interface LexicalArrays {
  /** All posting lists, term after term: `[slot, bodyCount, contextCount, …]`. */
  postings: Int32Array;
  /** Where each term's list starts in `postings`, then where the last one ends. */
  termStart: Uint32Array;
  /** Each passage's sorted term ids, slot after slot, and where each starts. */
  docTerms: Uint32Array;
  docStart: Uint32Array;
  labels: Int32Array;
  bodyLengths: Int32Array;
  contextLengths: Int32Array;
  /** Each label's slot, -1 for a label the index does not hold. */
  slotByLabel: Int32Array;
}

/**
 * Holes an extended index may keep (`LexicalIndex.extend`), as a share of its slots: past it, the
 * next version is loaded whole again, its passages packed.
 */
const MAX_HOLES_SHARE = 0.2;
/** Holes that never call for a whole load, whatever their share: their slots cost next to nothing. */
const MIN_HOLES = 1024;
/** Versions an index may be extended through before it is loaded whole (each adds a typo vocabulary layer). */
const MAX_EXTENSIONS = 16;
/** Numbers of posting lists filtered or copied between two checks of the clock. */
const STEP_NUMBERS = 1 << 16;

/**
 * What `fromShared` needs, all on SharedArrayBuffers, so that passing it between threads copies
 * nothing, the pool's main thread included: the arrays, and the strings each thread rebuilds its
 * own terms and typo vocabulary from.
 */
export interface SharedLexical {
  arrays: LexicalArrays;
  /** The terms in id order, then the typo vocabulary's words in the order recorded (./typos.ts). */
  strings: SharedStrings;
  termCount: number;
  /** Passages searched (the slots of deleted ones, left as holes by `extend`, excepted). */
  size: number;
  /** Each typo word's term. */
  typoTerms: Int32Array;
  totalBody: number;
  totalContext: number;
}

/** Strings as UTF-16 code units one after the other, and where each ends. */
interface SharedStrings {
  text: Uint16Array;
  ends: Uint32Array;
}

const NO_POSTINGS: readonly number[] = [];

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
  private typos = new TypoVocabulary();
  /**
   * A loaded index, read-only: its numbers in shared memory. A change turns it back into the
   * arrays below first (`thaw`), which an index built passage by passage uses.
   */
  private frozen: LexicalArrays | undefined;
  /** Passages of a loaded index: its slots but the holes `extend` leaves. */
  private frozenSize = 0;
  /** For each term id, `[slot, bodyCount, contextCount, …]` (an index built by `add`). */
  private readonly postings: number[][] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly labels: number[] = [];
  private readonly freeSlots: number[] = [];
  private readonly bodyLengths: number[] = [];
  private readonly contextLengths: number[] = [];
  /** For each slot, its sorted term ids: what `remove` and `queryCoverage` need. */
  private readonly docTerms: Uint32Array[] = [];
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
    return this.frozen ? this.frozenSize : this.slotOf.size;
  }

  has(label: number): boolean {
    return this.slotFor(label) !== undefined;
  }

  /** The passages' labels. */
  liveLabels(): number[] {
    return Array.from(this.liveSlots(), ([label]) => label);
  }

  /** Indexes a passage; a label already present is replaced. */
  add(label: number, fields: LexicalFields): void {
    this.remove(label);
    this.thaw();
    // The vocabulary an extension of this index is built on stays as it is (../index/typos.ts).
    if (this.typos.readOnly) this.typos = new TypoVocabulary(this.typos);
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
    if (!this.has(label)) return false;
    this.thaw();
    const slot = this.slotOf.get(label)!;
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
    const labels = this.frozen?.labels ?? this.labels;
    const touched: number[] = [];
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e]!;
      const list = this.list(entry.termId);
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
      if (options.filter && !options.filter(labels[slot]!)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { slot, score, mask });
      if (best.length > k) best.pop();
    }
    return best.map(({ slot, score, mask }) => ({
      label: labels[slot]!,
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
    const frequency = termId === undefined ? 0 : this.frequency(termId);
    return frequency === 0 ? undefined : this.idf(frequency);
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
    const slot = this.slotFor(label);
    const { entries, wordIdf } = this.resolve(query);
    const total = wordIdf.reduce((sum, idf) => sum + idf, 0);
    if (slot === undefined || total === 0) return 0;
    const terms = this.termsOf(slot);
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
    const slotLengths = this.slotArrays();
    const position = new Int32Array(slotLengths.labels.length).fill(-1);
    const labels: number[] = [];
    const bodyLengths: number[] = [];
    const contextLengths: number[] = [];
    for (const [label, slot] of this.liveSlots()) {
      position[slot] = labels.length;
      labels.push(label);
      bodyLengths.push(slotLengths.bodyLengths[slot]!);
      contextLengths.push(slotLengths.contextLengths[slot]!);
    }
    const terms: string[] = [];
    const newTermId = new Int32Array(this.terms.length).fill(-1);
    for (let termId = 0; termId < this.terms.length; termId++) {
      if (this.frequency(termId) === 0) continue;
      newTermId[termId] = terms.length;
      terms.push(this.terms[termId]!);
    }
    const forms: string[] = [];
    const formTerms: number[] = [];
    for (const [form, termId] of this.typos.entries()) {
      if (newTermId[termId]! < 0) continue;
      forms.push(form);
      formTerms.push(newTermId[termId]!);
    }
    const lists = Array.from(this.terms, (_, termId) => this.list(termId));
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
  static async loadParts(parts: readonly LexicalPart[], sliceMs = SLICE_MS): Promise<LexicalIndex> {
    const index = new LexicalIndex();
    await runInSlices(index.buildSteps(parts), sliceMs);
    return index;
  }

  /**
   * What another thread needs to search this loaded index: its arrays, shared (posting them copies
   * no number), and its strings, which each thread keeps its own.
   */
  async toShared(sliceMs = SLICE_MS): Promise<SharedLexical> {
    const arrays = this.frozen;
    if (!arrays) throw new Error('only a loaded lexical index can be shared');
    const typos = [...this.typos.entries()];
    const typoTerms = sharedInt32(typos.length);
    typoTerms.set(typos.map(([, termId]) => termId));
    const strings = await encodeStrings([...this.terms, ...typos.map(([key]) => key)], sliceMs);
    const { totalBody, totalContext, size } = this;
    return { arrays, strings, termCount: this.terms.length, size, typoTerms, totalBody, totalContext };
  }

  /**
   * The index another thread loaded (`toShared`), searched on its memory: nothing is read or
   * parsed again; only the terms and the typo vocabulary are rebuilt here, a few milliseconds at a
   * time. When `previous` (the version this thread served before) holds the first of its terms and
   * typo words, as the version an update made from it does (`extend`), its typo vocabulary is
   * extended with the new words instead of rebuilt (../index/typos.ts).
   */
  static async fromShared(
    shared: SharedLexical,
    sliceMs = SLICE_MS,
    previous?: LexicalIndex,
  ): Promise<LexicalIndex> {
    const index = new LexicalIndex();
    await runInSlices(index.adoptSteps(shared, previous), sliceMs);
    return index;
  }

  private *adoptSteps(shared: SharedLexical, previous: LexicalIndex | undefined): Generator<void> {
    const { text, ends } = shared.strings;
    const words: string[] = [];
    for (let n = 0; n < ends.length; n++) {
      words.push(String.fromCharCode(...text.subarray(n === 0 ? 0 : ends[n - 1]!, ends[n]!)));
      if (n % STEP_ITEMS === 0) yield;
    }
    for (let n = 0; n < shared.termCount; n++) {
      this.internTerm(words[n]!);
      if (n % STEP_ITEMS === 0) yield;
    }
    const kept = previous ? yield* previous.typoWordsKept(words, shared) : 0;
    if (kept > 0) this.typos = new TypoVocabulary(previous!.typos);
    for (let n = shared.termCount + kept; n < words.length; n++) {
      this.typos.addKey(words[n]!, shared.typoTerms[n - shared.termCount]!);
      if (n % STEP_WORDS === 0) yield;
    }
    this.totalBody = shared.totalBody;
    this.totalContext = shared.totalContext;
    this.frozen = shared.arrays;
    this.frozenSize = shared.size;
    yield* this.typos.prepareSteps();
  }

  /**
   * How many typo words of `shared` this index's vocabulary holds already, first and with the same
   * terms (so it can be extended), or 0: when its terms are not the first of `words`, its typo words
   * not the first of the typo words, or it has been extended too many times already.
   */
  private *typoWordsKept(words: readonly string[], shared: SharedLexical): Generator<void, number> {
    if (this.typos.depth >= MAX_EXTENSIONS || this.terms.length > shared.termCount) return 0;
    for (const [n, term] of this.terms.entries()) {
      if (words[n] !== term) return 0;
      if (n % STEP_ITEMS === 0) yield;
    }
    let kept = 0;
    for (const [key, termId] of this.typos.entries()) {
      if (words[shared.termCount + kept] !== key || shared.typoTerms[kept] !== termId) return 0;
      kept++;
      if (kept % STEP_ITEMS === 0) yield;
    }
    return kept;
  }

  /**
   * The next version of a loaded index, made from this one instead of from every part again: `parts`
   * (the new segments) added, the passages `deleted` names removed. The terms, typo vocabulary and
   * posting lists are carried over (the vocabulary by reference: this index's becomes read-only, see
   * ../index/typos.ts), and only the lists of the deleted passages' terms are filtered; the deleted
   * passages' slots stay as holes, so every other passage keeps its slot. Statistics and hits are
   * those of `fromParts` over all the parts. Undefined when the version had better be loaded whole:
   * after too many extensions or with too many holes.
   */
  async extend(
    parts: readonly LexicalPart[],
    deleted: ReadonlySet<number>,
    sliceMs = SLICE_MS,
  ): Promise<LexicalIndex | undefined> {
    const base = this.frozen;
    if (!base) throw new Error('only a loaded lexical index can be extended');
    if (this.typos.depth >= MAX_EXTENSIONS) return undefined;
    const dead = [...deleted].flatMap((label) => this.slotFor(label) ?? []);
    const holes = base.labels.length - this.frozenSize + dead.length;
    if (holes > Math.max(MIN_HOLES, MAX_HOLES_SHARE * base.labels.length)) return undefined;
    const next = new LexicalIndex();
    await runInSlices(next.extendSteps(this, base, parts, deleted, dead), sliceMs);
    return next;
  }

  private *extendSteps(
    from: LexicalIndex,
    base: LexicalArrays,
    parts: readonly LexicalPart[],
    deleted: ReadonlySet<number>,
    dead: readonly number[],
  ): Generator<void> {
    for (const [termId, term] of from.terms.entries()) {
      this.terms.push(term);
      this.termIds.set(term, termId);
      if (termId % STEP_ITEMS === 0) yield;
    }
    this.typos = new TypoVocabulary(from.typos);
    this.totalBody = from.totalBody;
    this.totalContext = from.totalContext;
    for (const slot of dead) {
      this.totalBody -= base.bodyLengths[slot]!;
      this.totalContext -= base.contextLengths[slot]!;
    }

    // The deleted passages' terms: their lists without them.
    const isDead = new Uint8Array(base.labels.length);
    for (const slot of dead) isDead[slot] = 1;
    const filtered = new Map<number, Int32Array>();
    let numbers = 0;
    for (const slot of dead) {
      const terms = from.termsOf(slot);
      for (let t = 0; t < terms.length; t++) {
        const termId = terms[t]!;
        if (filtered.has(termId)) continue;
        // A common word's list holds most passages: it is filtered in steps too, into one buffer.
        const list = from.list(termId, base);
        const kept = new Int32Array(list.length);
        let length = 0;
        for (let i = 0; i < list.length; i += POSTING_STRIDE) {
          if (!isDead[list[i]!]) {
            kept[length++] = list[i]!;
            kept[length++] = list[i + 1]!;
            kept[length++] = list[i + 2]!;
          }
          numbers += POSTING_STRIDE;
          if (numbers > STEP_NUMBERS) {
            numbers = 0;
            yield;
          }
        }
        filtered.set(termId, kept.subarray(0, length));
      }
    }

    const pieces: Piece[] = [];
    const slots: SlotsBeingRead = {
      first: base.labels.length,
      labels: [],
      bodyLengths: [],
      contextLengths: [],
      seen: new Set(),
      held: (label) => from.slotFor(label) !== undefined && !deleted.has(label),
    };
    for (const part of parts) {
      const { head, lists } = 'head' in part ? part : parseLexicalIndexData(part.data);
      yield* this.appendSteps(head, lists, part.deleted, pieces, slots);
    }

    const termCount = this.terms.length;
    const kept = (termId: number): ArrayLike<number> =>
      termId < from.terms.length ? (filtered.get(termId) ?? from.list(termId, base)) : NO_POSTINGS;
    const termStart = sharedUint32(termCount + 1);
    for (let termId = 0; termId < termCount; termId++) {
      termStart[termId + 1] = kept(termId).length;
      if (termId % STEP_ITEMS === 0) yield;
    }
    const firstNew = slots.first;
    const newTerms = new Uint32Array(slots.labels.length);
    for (const [n, { termId, saved, slotOf }] of pieces.entries()) {
      for (let i = 0; i < saved.length; i += POSTING_STRIDE) {
        const slot = slotOf[saved[i]!]!;
        if (slot < 0) continue;
        termStart[termId + 1]! += POSTING_STRIDE;
        newTerms[slot - firstNew]!++;
      }
      if (n % STEP_LISTS === 0) yield;
    }
    yield* prefixSumSteps(termStart);
    const postings = sharedInt32(termStart[termCount]!);
    const cursor = termStart.slice();
    for (let termId = 0; termId < termCount; termId++) {
      const list = kept(termId);
      postings.set(list, cursor[termId]!);
      cursor[termId]! += list.length;
      if (termId % STEP_LISTS === 0) yield;
    }

    // New passages after the others: their terms, sorted, after those carried over.
    const slotCount = firstNew + slots.labels.length;
    const docStart = sharedUint32(slotCount + 1);
    docStart.set(base.docStart);
    for (let n = 0; n < newTerms.length; n++)
      docStart[firstNew + n + 1] = docStart[firstNew + n]! + newTerms[n]!;
    const docTerms = sharedUint32(docStart[slotCount]!);
    for (let at = 0; at < base.docTerms.length; at += STEP_NUMBERS) {
      docTerms.set(base.docTerms.subarray(at, at + STEP_NUMBERS), at);
      yield;
    }
    const filled = docStart.slice(firstNew, slotCount);
    yield* writePieces(pieces, postings, cursor, (slot, termId) => {
      docTerms[filled[slot - firstNew]!++] = termId;
    });
    pieces.length = 0;
    for (let slot = firstNew; slot < slotCount; slot++)
      docTerms.subarray(docStart[slot]!, docStart[slot + 1]!).sort();

    const slotArrays = slotArraysOf(slots, base);
    for (const slot of dead) {
      const label = base.labels[slot]!;
      if (slotArrays.slotByLabel[label] === slot) slotArrays.slotByLabel[label] = -1;
      slotArrays.labels[slot] = -1;
      slotArrays.bodyLengths[slot] = 0;
      slotArrays.contextLengths[slot] = 0;
    }
    const size = from.frozenSize - dead.length + slots.labels.length;
    yield* this.freeze({ postings, termStart, docTerms, docStart, ...slotArrays }, size);
  }

  /**
   * Builds the index from parts into shared arrays, yielding every few thousand steps (see
   * `loadParts`). Each part's lists are read first, then written once into one buffer: no list is
   * grown element by element.
   */
  private *buildSteps(parts: readonly LexicalPart[]): Generator<void> {
    const pieces: Piece[] = [];
    const slots: SlotsBeingRead = {
      first: 0,
      labels: [],
      bodyLengths: [],
      contextLengths: [],
      seen: new Set(),
    };
    for (const part of parts) {
      const { head, lists } = 'head' in part ? part : parseLexicalIndexData(part.data);
      yield* this.appendSteps(head, lists, part.deleted, pieces, slots);
    }
    const termCount = this.terms.length;
    const docCount = slots.labels.length;
    const termStart = sharedUint32(termCount + 1);
    for (const [n, { termId, saved, slotOf }] of pieces.entries()) {
      for (let i = 0; i < saved.length; i += POSTING_STRIDE)
        if (slotOf[saved[i]!]! >= 0) termStart[termId + 1]! += POSTING_STRIDE;
      if (n % STEP_LISTS === 0) yield;
    }
    yield* prefixSumSteps(termStart);
    const postings = sharedInt32(termStart[termCount]!);
    const cursor = termStart.slice();
    yield* writePieces(pieces, postings, cursor);
    pieces.length = 0;
    // Terms are visited in id order, so each passage's term list comes out sorted.
    const docStart = sharedUint32(docCount + 1);
    const stride = STEP_ITEMS * 64 * POSTING_STRIDE;
    for (let from = 0; from < postings.length; from += stride) {
      const to = Math.min(from + stride, postings.length);
      for (let i = from; i < to; i += POSTING_STRIDE) docStart[postings[i]! + 1]!++;
      yield;
    }
    yield* prefixSumSteps(docStart);
    const docTerms = sharedUint32(postings.length / POSTING_STRIDE);
    const filled = docStart.slice();
    for (let termId = 0; termId < termCount; termId++) {
      for (let i = termStart[termId]!; i < termStart[termId + 1]!; i += POSTING_STRIDE) {
        docTerms[filled[postings[i]!]!++] = termId;
      }
      if (termId % STEP_LISTS === 0) yield;
    }
    yield* this.freeze({ postings, termStart, docTerms, docStart, ...slotArraysOf(slots) }, docCount);
  }

  /** The index's arrays in place, and its typo vocabulary's trigrams indexed before its first question. */
  private *freeze(arrays: LexicalArrays, size: number): Generator<void> {
    this.frozen = arrays;
    this.frozenSize = size;
    yield* this.typos.prepareSteps();
  }

  /** A loaded index about to change: its numbers copied into this thread's own arrays first. */
  private thaw(): void {
    const frozen = this.frozen;
    if (!frozen) return;
    this.frozen = undefined;
    for (let termId = 0; termId < this.terms.length; termId++)
      this.postings[termId] = Array.from(this.list(termId, frozen));
    for (let slot = 0; slot < frozen.labels.length; slot++) {
      const label = frozen.labels[slot]!;
      const hole = label < 0;
      if (hole) this.freeSlots.push(slot);
      else this.slotOf.set(label, slot);
      this.labels.push(label);
      this.bodyLengths.push(frozen.bodyLengths[slot]!);
      this.contextLengths.push(frozen.contextLengths[slot]!);
      this.docTerms.push(
        hole ? new Uint32Array(0) : frozen.docTerms.slice(frozen.docStart[slot]!, frozen.docStart[slot + 1]!),
      );
    }
  }

  /** A term's posting list, `[slot, bodyCount, contextCount, …]`. */
  private list(termId: number, frozen = this.frozen): ArrayLike<number> {
    if (!frozen) return this.postings[termId] ?? NO_POSTINGS;
    return frozen.postings.subarray(frozen.termStart[termId]!, frozen.termStart[termId + 1]!);
  }

  /** How many passages hold a term. */
  private frequency(termId: number): number {
    const frozen = this.frozen;
    if (!frozen) return (this.postings[termId]?.length ?? 0) / POSTING_STRIDE;
    return (frozen.termStart[termId + 1]! - frozen.termStart[termId]!) / POSTING_STRIDE;
  }

  private slotFor(label: number): number | undefined {
    if (!this.frozen) return this.slotOf.get(label);
    const slot = this.frozen.slotByLabel[label] ?? -1;
    return slot >= 0 ? slot : undefined;
  }

  /** Each slot's label and lengths. */
  private slotArrays(): Record<'labels' | 'bodyLengths' | 'contextLengths', ArrayLike<number>> {
    if (this.frozen) return this.frozen;
    return { labels: this.labels, bodyLengths: this.bodyLengths, contextLengths: this.contextLengths };
  }

  /** A passage's sorted term ids. */
  private termsOf(slot: number): ArrayLike<number> {
    const frozen = this.frozen;
    if (!frozen) return this.docTerms[slot]!;
    return frozen.docTerms.subarray(frozen.docStart[slot]!, frozen.docStart[slot + 1]!);
  }

  /** Each passage's label and slot, in slot order for a loaded index. */
  private *liveSlots(): Generator<[label: number, slot: number]> {
    if (!this.frozen) {
      yield* this.slotOf;
      return;
    }
    for (const [slot, label] of this.frozen.labels.entries()) if (label >= 0) yield [label, slot];
  }

  /** A posting list that can grow and shrink (the index is thawed first). */
  private listToChange(termId: number): number[] {
    this.thaw();
    this.postings[termId] ??= [];
    return this.postings[termId];
  }

  private *appendSteps(
    head: LexicalHead,
    lists: Iterable<unknown>,
    deleted: ReadonlySet<number> | undefined,
    pieces: Piece[],
    slots: SlotsBeingRead,
  ): Generator<void> {
    const slotOf = new Int32Array(head.labels.length).fill(-1);
    head.labels.forEach((label, position) => {
      if (deleted?.has(label) || slots.seen.has(label) || slots.held?.(label)) return;
      slots.seen.add(label);
      slotOf[position] = slots.first + slots.labels.length;
      slots.labels.push(label);
      slots.bodyLengths.push(head.bodyLengths[position]!);
      slots.contextLengths.push(head.contextLengths[position]!);
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
    for (const [i, form] of head.forms.entries()) {
      this.typos.add(form, termIdOf[head.formTerms[i]!]!);
      if (i % STEP_WORDS === 0) yield;
    }
  }

  private internTerm(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.terms.length;
      this.termIds.set(term, termId);
      this.terms.push(term);
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
      const documentFrequency = termId === undefined ? 0 : this.frequency(termId);
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
    return this.typos
      .correct(form, (termId) => this.frequency(termId))
      .map(({ termId, distance, forms }) => ({ termId, weight: typoWeight(distance), forms, word }));
  }

  private prepareScratch(): void {
    const { bodyLengths, contextLengths } = this.slotArrays();
    const slots = bodyLengths.length;
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
      this.bodyNorm[slot] = lengthNorm(bodyLengths[slot]!, averageBody, BODY_B);
      this.contextNorm[slot] = lengthNorm(contextLengths[slot]!, averageContext, CONTEXT_B);
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

function containsSorted(values: ArrayLike<number>, target: number): boolean {
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

/**
 * Writes the pieces' postings at their term's cursor in `postings`, without the deleted passages'
 * (slot -1); `written` is told of each one written.
 */
function* writePieces(
  pieces: readonly Piece[],
  postings: Int32Array,
  cursor: Uint32Array,
  written?: (slot: number, termId: number) => void,
): Generator<void> {
  for (const [n, { termId, saved, slotOf }] of pieces.entries()) {
    let at = cursor[termId]!;
    for (let i = 0; i < saved.length; i += POSTING_STRIDE) {
      const slot = slotOf[saved[i]!]!;
      if (slot < 0) continue;
      postings[at++] = slot;
      postings[at++] = saved[i + 1]!;
      postings[at++] = saved[i + 2]!;
      written?.(slot, termId);
    }
    cursor[termId] = at;
    if (n % STEP_LISTS === 0) yield;
  }
}

type SlotArrays = Pick<LexicalArrays, 'labels' | 'bodyLengths' | 'contextLengths' | 'slotByLabel'>;

/** The slots' arrays: those of `before`, if any, then the passages read, from slot `slots.first`. */
function slotArraysOf(slots: SlotsBeingRead, before?: SlotArrays): SlotArrays {
  const count = slots.first + slots.labels.length;
  const arrays = {
    labels: sharedInt32(count),
    bodyLengths: sharedInt32(count),
    contextLengths: sharedInt32(count),
    slotByLabel: sharedInt32(
      slots.labels.reduce((max, label) => Math.max(max, label + 1), before?.slotByLabel.length ?? 0),
    ).fill(-1),
  };
  for (const name of ['labels', 'bodyLengths', 'contextLengths', 'slotByLabel'] as const) {
    if (before) arrays[name].set(before[name]);
  }
  arrays.labels.set(slots.labels, slots.first);
  arrays.bodyLengths.set(slots.bodyLengths, slots.first);
  arrays.contextLengths.set(slots.contextLengths, slots.first);
  for (const [n, label] of slots.labels.entries()) arrays.slotByLabel[label] = slots.first + n;
  return arrays;
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * Uint32Array.BYTES_PER_ELEMENT));
}

/** Turns counts at `[1…]` into start offsets, in place, a few thousand at a time. */
function* prefixSumSteps(starts: Uint32Array): Generator<void> {
  for (let from = 1; from < starts.length; from += STEP_ITEMS) {
    const to = Math.min(from + STEP_ITEMS, starts.length);
    for (let i = from; i < to; i++) starts[i]! += starts[i - 1]!;
    yield;
  }
}

/** Strings into shared memory, a few thousand at a time. */
async function encodeStrings(strings: string[], sliceMs: number): Promise<SharedStrings> {
  const ends = sharedUint32(strings.length);
  let length = 0;
  for (const [n, string] of strings.entries()) {
    length += string.length;
    ends[n] = length;
  }
  const text = new Uint16Array(new SharedArrayBuffer(length * Uint16Array.BYTES_PER_ELEMENT));
  function* steps(): Generator<void> {
    let at = 0;
    for (const [n, string] of strings.entries()) {
      for (let i = 0; i < string.length; i++) text[at++] = string.charCodeAt(i);
      if (n % STEP_ITEMS === 0) yield;
    }
  }
  await runInSlices(steps(), sliceMs);
  return { text, ends };
}
