/**
 * The typo vocabulary of a lexical index: the words its passages contain, and the index term each
 * stands for. A query word the index does not know is looked up here to find what it may be a typo of
 * (`logment` → `logement`, `prioritere` → `prioritaire`), or a spelling by ear of (`chofage` →
 * `chauffage`, counted as one edit); known words never come here.
 */
import { phoneticKey } from '../text/phonetic.ts';
import { FuzzyMatcher } from './fuzzy.ts';

/** Typo tolerance starts at this word length: shorter words have too many neighbours. */
const MIN_TYPO_LENGTH = 4;
/** Words this long tolerate two edits, shorter ones one. */
const TWO_EDITS_LENGTH = 8;
/** Corrections kept for one unknown word (the most frequent at the smallest distance). */
const MAX_CORRECTIONS = 3;
const HAS_DIGIT = /\p{N}/u;
/** An elided article or pronoun glued to its word: `dhabitants`, `lemploi`, `quil`. */
const ELIDED = /^(?:[dljmnst]|qu)[aeiouyh]/;
/** A word spelt by ear counts as one edit away from the documents' spelling. */
const PHONETIC_DISTANCE = 1;
/** Words are compared without a plural `s`/`x`, so `logment` meets `logements`; short words keep it (`bus`). */
const PLURAL_ENDING = /(?<=\p{L}{4})[sx]$/u;

const typoKey = (form: string): string => form.replace(PLURAL_ENDING, '');
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Correction {
  termId: number;
  /** Edits between the query word and the closest document word (0: they differ only in plural). */
  distance: number;
  /** The document words it was corrected to, folded, plural ending dropped. */
  forms: string[];
}

export class TypoVocabulary {
  private readonly termOf = new Map<string, number>();
  private readonly matcher = new FuzzyMatcher();
  /** Phonetic key → the recorded words that sound so. */
  private readonly soundsLike = new Map<string, string[]>();
  /** How many vocabularies lie below this one. */
  readonly depth: number;
  private extended = false;

  /**
   * A vocabulary that holds `below`'s words and those added to it: the next version of a lexical
   * index records only its new words (`LexicalIndex.extend`), and keeps the trigrams `below`
   * has already indexed. `below` is read-only from then on: it may be searched by the version it
   * belongs to.
   */
  constructor(private readonly below?: TypoVocabulary) {
    this.depth = below ? below.depth + 1 : 0;
    if (below) below.extended = true;
  }

  /** True once another vocabulary extends this one: it takes no more words. */
  get readOnly(): boolean {
    return this.extended;
  }

  /** Records a folded document word; numbers and codes are never corrected, so they are not kept. */
  add(form: string, termId: number): void {
    this.addKey(typoKey(form), termId);
  }

  /** Records a word as `entries` gives it (already without its plural ending): a copy in another thread. */
  addKey(key: string, termId: number): void {
    if (this.extended) throw new Error('a typo vocabulary another one extends takes no more words');
    if (this.termFor(key) !== undefined || HAS_DIGIT.test(key)) return;
    this.termOf.set(key, termId);
    this.matcher.add(key);
    if (key.length < MIN_TYPO_LENGTH) return;
    const sound = phoneticKey(key);
    const words = this.soundsLike.get(sound);
    if (words) words.push(key);
    else this.soundsLike.set(sound, [key]);
  }

  /**
   * What an unknown query word may be a typo of: the closest document words whose term some passage
   * still contains (`frequency` > 0), most frequent first.
   */
  correct(form: string, frequency: (termId: number) => number): Correction[] {
    if (form.length < MIN_TYPO_LENGTH || HAS_DIGIT.test(form)) return [];
    const maxDistance = form.length >= TWO_EDITS_LENGTH ? 2 : 1;
    const byTerm = new Map<number, Correction>();
    const key = typoKey(form);
    const sound = phoneticKey(key);
    const candidates = this.layers().flatMap((layer) => [
      // A typo seldom touches the first letter ("touché" is not "douche"), except an article or
      // pronoun typed without its apostrophe ("dhabitants", "lassociation"); a spelling by ear may.
      ...layer.matcher
        .lookup(key, maxDistance)
        .filter((c) => c.word[0] === key[0] || (ELIDED.test(key) && key.endsWith(c.word))),
      ...(layer.soundsLike.get(sound) ?? []).map((word) => ({ word, distance: PHONETIC_DISTANCE })),
    ]);
    for (const candidate of candidates) {
      const termId = this.termFor(candidate.word)!;
      if (frequency(termId) === 0) continue;
      const found = byTerm.get(termId);
      if (!found) byTerm.set(termId, { termId, distance: candidate.distance, forms: [candidate.word] });
      else if (candidate.distance < found.distance)
        byTerm.set(termId, { ...found, distance: candidate.distance, forms: [candidate.word] });
      else if (candidate.distance === found.distance && !found.forms.includes(candidate.word))
        found.forms.push(candidate.word);
    }
    const corrections = [...byTerm.values()];
    const closest = Math.min(...corrections.map((c) => c.distance));
    // Ties and forms in the order of their words: the same whatever order the words were recorded in
    // (a version made from the one before records a word where a whole load may not).
    for (const c of corrections) c.forms.sort();
    return corrections
      .filter((c) => c.distance === closest)
      .sort((a, b) => frequency(b.termId) - frequency(a.termId) || compare(a.forms[0]!, b.forms[0]!))
      .slice(0, MAX_CORRECTIONS);
  }

  /**
   * Indexes the trigrams of the words no lookup has indexed yet, a few hundred words a step: the
   * first lookup would otherwise do it at once, in the answer that asks for it (38 ms for the 13,000
   * words of `npm run bench:scale`'s 100k corpus; a real corpus of that size has many more).
   */
  *prepareSteps(): Generator<void> {
    for (const layer of this.layers()) yield* layer.matcher.catchUpSteps();
  }

  /** Every recorded word and its term, in the order recorded, for saving. */
  *entries(): Generator<[string, number]> {
    for (const layer of this.layers()) yield* layer.termOf.entries();
  }

  /** The vocabularies this one is made of, the oldest first. */
  private layers(): TypoVocabulary[] {
    const layers: TypoVocabulary[] = [];
    for (let layer: TypoVocabulary | undefined = this; layer; layer = layer.below) layers.unshift(layer);
    return layers;
  }

  private termFor(key: string): number | undefined {
    for (let layer: TypoVocabulary | undefined = this; layer; layer = layer.below) {
      const termId = layer.termOf.get(key);
      if (termId !== undefined) return termId;
    }
    return undefined;
  }
}
