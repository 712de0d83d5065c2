import { describe, expect, it } from 'vitest';
import { splitSentences, splitUnits } from './sentences.ts';

describe('splitSentences', () => {
  it('does not cut after French abbreviations in the middle of a sentence', () => {
    const text =
      "Conformément à l'art. 6 de la loi n° 2014-173, M. le Préfet et Mme. Blanc signent (cf. Annexe 2, p. 14). Le Département financera 22,3 M€. Les actions (sport, culture, etc.) sont soutenues.";
    expect(splitSentences(text)).toEqual([
      "Conformément à l'art. 6 de la loi n° 2014-173, M. le Préfet et Mme. Blanc signent (cf. Annexe 2, p. 14).",
      'Le Département financera 22,3 M€.',
      'Les actions (sport, culture, etc.) sont soutenues.',
    ]);
  });

  it('ends a sentence at `etc.` when a capital follows, and at ? and !', () => {
    expect(
      splitSentences('Des ateliers, des chantiers, etc. Le GIP assurera le suivi. Qui paie ? La CAF !'),
    ).toEqual(['Des ateliers, des chantiers, etc.', 'Le GIP assurera le suivi.', 'Qui paie ?', 'La CAF !']);
  });

  it('keeps initials with the name', () => {
    expect(splitSentences('Le préfet J. Bonet a signé. La séance est levée.')).toHaveLength(2);
  });
});

describe('splitUnits', () => {
  it('takes list items apart, without their markers, and joins lines wrapped inside a paragraph', () => {
    const text = `La CAF s'engage à :
- financer les postes
d'adultes-relais ;
• soutenir les centres sociaux.
1° Les objectifs chiffrés ;

Un paragraphe
sur deux lignes.`;
    expect(splitUnits(text)).toEqual([
      { text: "La CAF s'engage à :", listItem: false },
      { text: "financer les postes d'adultes-relais ;", listItem: true },
      { text: 'soutenir les centres sociaux.', listItem: true },
      { text: 'Les objectifs chiffrés ;', listItem: true },
      { text: 'Un paragraphe sur deux lignes.', listItem: false },
    ]);
  });

  it('splits bullets flattened into one line by a PDF text layer', () => {
    expect(splitUnits('Priorités : • emploi des jeunes • réussite éducative').map((u) => u.text)).toEqual([
      'Priorités :',
      'emploi des jeunes',
      'réussite éducative',
    ]);
  });
});
