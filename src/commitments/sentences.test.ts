import { describe, expect, it } from 'vitest';
import { splitUnits } from './sentences.ts';

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
