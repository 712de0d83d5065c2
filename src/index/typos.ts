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

  /** Records a folded document word; numbers and codes are never corrected, so they are not kept. */
  add(form: string, termId: number): void {
    this.addKey(typoKey(form), termId);
  }

  /** Records a word as `entries` gives it (already without its plural ending): a copy in another thread. */
  addKey(key: string, termId: number): void {
    if (this.termOf.has(key) || HAS_DIGIT.test(key)) return;
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
    const candidates = [
      // A typo seldom touches the first letter ("touché" is not "douche"), except an article or
      // pronoun typed without its apostrophe ("dhabitants", "lassociation"); a spelling by ear may.
      ...this.matcher
        .lookup(key, maxDistance)
        .filter((c) => c.word[0] === key[0] || (ELIDED.test(key) && key.endsWith(c.word))),
      ...(this.soundsLike.get(phoneticKey(key)) ?? []).map((word) => ({
        word,
        distance: PHONETIC_DISTANCE,
      })),
    ];
    for (const candidate of candidates) {
      const termId = this.termOf.get(candidate.word)!;
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
    return corrections
      .filter((c) => c.distance === closest)
      .sort((a, b) => frequency(b.termId) - frequency(a.termId))
      .slice(0, MAX_CORRECTIONS);
  }

  /** Every recorded word and its term, for saving. */
  entries(): IterableIterator<[string, number]> {
    return this.termOf.entries();
  }
}
