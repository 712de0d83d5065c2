import { describe, expect, it } from 'vitest';
import { highlightPieces } from './highlight.ts';

const marked = (text: string, terms: string[]) =>
  highlightPieces(text, terms)
    .filter((piece) => piece.mark)
    .map((piece) => piece.text);

describe('highlightPieces', () => {
  it('marks accented and capitalised words from folded terms', () => {
    expect(marked('L’État finance la rénovation ; l’etat aussi.', ['etat', 'renovation'])).toEqual([
      'État',
      'rénovation',
      'etat',
    ]);
  });

  it('marks the whole word from a stem, and only at word starts', () => {
    expect(marked('Le renouvellement urbain, pas le prérenouvellement.', ['renouvel'])).toEqual([
      'renouvellement',
    ]);
  });

  it('gives the passage back whole, with a ligature folded to two letters', () => {
    const text = 'Mettre en œuvre le cœur de ville.';
    const pieces = highlightPieces(text, ['oeuvre', 'coeur']);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['œuvre', 'cœur']);
  });

  it('merges overlapping terms into one mark', () => {
    expect(marked('politique de la ville', ['politique', 'polit'])).toEqual(['politique']);
  });
});
