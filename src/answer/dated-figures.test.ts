import { describe, expect, it } from 'vitest';
import { DATED_FIGURES_INTRO, holdsFigure, type QuotedSentence, writeQuotedAnswer } from './dated-figures.ts';

describe('holdsFigure', () => {
  it('finds counts and amounts followed by their unit or noun', () => {
    expect(holdsFigure('Le projet prévoit de démolir 520 logements.')).toBe(true);
    expect(holdsFigure('Environ 9 400 habitants vivent dans ces quartiers.')).toBe(true);
    expect(holdsFigure('130 M€ : l’investissement estimé de la phase 1.')).toBe(true);
    expect(holdsFigure('492 : le nombre de logements démolis.')).toBe(true);
    expect(holdsFigure('Une hausse de 12,5 % en deux ans.')).toBe(true);
    expect(holdsFigure('Une subvention de 2000 € par projet.')).toBe(true);
  });

  it('does not take years, dates, ordinals or reference numbers for figures', () => {
    expect(holdsFigure('Le contrat a été signé le 12 mars 2024.')).toBe(false);
    expect(holdsFigure('Il couvre la période 2024-2030.')).toBe(false);
    expect(holdsFigure('En 2020, le comité s’est réuni.')).toBe(false);
    expect(holdsFigure('Mis à jour le 22/05/2024.')).toBe(false);
    expect(holdsFigure("L'avenant n° 1 a été signé au titre de l'article 5 de la loi 2014-173.")).toBe(false);
    expect(holdsFigure('Le 1er comité se réunit au 2e trimestre.')).toBe(false);
    expect(holdsFigure('Les associations déposent leur dossier avant la date limite.')).toBe(false);
  });
});

describe('writeQuotedAnswer', () => {
  const older: QuotedSentence = { text: 'Le projet prévoit de démolir 492 logements.', n: 1, date: '2020' };
  const newer: QuotedSentence = {
    text: 'Le projet prévoit de démolir 494 logements.',
    n: 2,
    date: '2024-05-22',
  };
  const middle: QuotedSentence = { text: 'Il prévoit de démolir 520 logements.', n: 3, date: '2024-05' };

  describe('when figures come from documents of different dates', () => {
    it('lists them most recent first, each with its date and its card number', () => {
      expect(writeQuotedAnswer([older, middle, newer])).toBe(
        `${DATED_FIGURES_INTRO}\n\n` +
          '- Document du 22 mai 2024 : « Le projet prévoit de démolir 494 logements. » [2]\n' +
          '- Document de mai 2024 : « Il prévoit de démolir 520 logements. » [3]\n' +
          '- Document de 2020 : « Le projet prévoit de démolir 492 logements. » [1]',
      );
    });

    it('keeps the sentences without figures first, as they were, and puts undated figures last', () => {
      const context: QuotedSentence = { text: 'Le programme succède au premier projet.', n: 4, date: '2015' };
      const undated: QuotedSentence = { text: 'Il prévoit 500 logements neufs.', n: 5 };
      const text = writeQuotedAnswer([undated, older, context, newer]);
      expect(text.split('\n\n')).toEqual([
        'Le programme succède au premier projet. [4]',
        DATED_FIGURES_INTRO,
        [
          '- Document du 22 mai 2024 : « Le projet prévoit de démolir 494 logements. » [2]',
          '- Document de 2020 : « Le projet prévoit de démolir 492 logements. » [1]',
          '- Document non daté : « Il prévoit 500 logements neufs. » [5]',
        ].join('\n'),
      ]);
    });
  });

  describe('otherwise', () => {
    it('joins the sentences in their order when the figures share one date', () => {
      const same = { ...newer, n: 3, date: '2020' };
      expect(writeQuotedAnswer([older, same])).toBe(
        'Le projet prévoit de démolir 492 logements. [1] Le projet prévoit de démolir 494 logements. [3]',
      );
    });

    it('joins them when only one sentence holds a figure, whatever the dates', () => {
      const words: QuotedSentence = { text: 'Le comité se réunit deux fois par an.', n: 2, date: '2024' };
      expect(writeQuotedAnswer([older, words])).toBe(
        'Le projet prévoit de démolir 492 logements. [1] Le comité se réunit deux fois par an. [2]',
      );
    });
  });
});
