/**
 * The typo vocabulary of a lexical index: the words its passages contain, and the index term each
 * stands for. A query word the index does not know is looked up here to find what it may be a typo of
 * (`logment` → `logement`, `prioritere` → `prioritaire`); known words never come here.
 */
import { FuzzyMatcher } from './fuzzy.ts';

/** Typo tolerance starts at this word length: shorter words have too many neighbours. */
const MIN_TYPO_LENGTH = 4;
/** Words this long tolerate two edits, shorter ones one. */
const TWO_EDITS_LENGTH = 8;
/** Corrections kept for one unknown word (the most frequent at the smallest distance). */
const MAX_CORRECTIONS = 3;
const HAS_DIGIT = /\p{N}/u;
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

  /** Records a folded document word; numbers and codes are never corrected, so they are not kept. */
  add(form: string, termId: number): void {
    const key = typoKey(form);
    if (this.termOf.has(key) || HAS_DIGIT.test(key)) return;
    this.termOf.set(key, termId);
    this.matcher.add(key);
  }

  /**
   * What an unknown query word may be a typo of: the closest document words whose term some passage
   * still contains (`frequency` > 0), most frequent first.
   */
  correct(form: string, frequency: (termId: number) => number): Correction[] {
    if (form.length < MIN_TYPO_LENGTH || HAS_DIGIT.test(form)) return [];
    const maxDistance = form.length >= TWO_EDITS_LENGTH ? 2 : 1;
    const byTerm = new Map<number, Correction>();
    for (const candidate of this.matcher.lookup(typoKey(form), maxDistance)) {
      const termId = this.termOf.get(candidate.word)!;
      if (frequency(termId) === 0) continue;
      const found = byTerm.get(termId);
      if (!found) byTerm.set(termId, { termId, distance: candidate.distance, forms: [candidate.word] });
      else if (candidate.distance === found.distance) found.forms.push(candidate.word);
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
