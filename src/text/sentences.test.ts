import { describe, expect, it } from 'vitest';
import { sentenceSpans, splitRunningText, splitSentences } from './sentences.ts';

describe('sentenceSpans', () => {
  const sentencesOf = (text: string) => sentenceSpans(text, 1000).map((s) => text.slice(s.start, s.end));

  it('does not cut after French abbreviations, initials or a roman numeral', () => {
    const text =
      "Voir l'art. L. 411-2 du code, cf. M. Dupont et Mme Durand. Le décret n° 2014-767 s'applique. II. La liste suit ! « Enfin » ?";
    expect(sentencesOf(text)).toEqual([
      "Voir l'art. L. 411-2 du code, cf. M. Dupont et Mme Durand.",
      "Le décret n° 2014-767 s'applique.",
      'II. La liste suit !',
      '« Enfin » ?',
    ]);
  });

  it('does not cut before a lowercase word', () => {
    expect(sentencesOf('Les 100 hab. environ. et la suite. Puis la fin')).toEqual([
      'Les 100 hab. environ. et la suite.',
      'Puis la fin',
    ]);
  });
});

describe('splitSentences', () => {
  it('returns whole sentences and ends one at every line break', () => {
    const text =
      "Selon l'art. 6 de la loi, le contrat est signé. Il dure six ans.\nCode : QP030002 ; Commune : Anduze";
    expect(splitSentences(text)).toEqual([
      "Selon l'art. 6 de la loi, le contrat est signé.",
      'Il dure six ans.',
      'Code : QP030002 ; Commune : Anduze',
    ]);
  });
});

describe('splitRunningText', () => {
  it('does not cut after French abbreviations in the middle of a sentence', () => {
    const text =
      "Conformément à l'art. 6 de la loi n° 2014-173, M. le Préfet et Mme. Blanc signent (cf. Annexe 2, p. 14). Le Département financera 22,3 M€. Les actions (sport, culture, etc.) sont soutenues.";
    expect(splitRunningText(text)).toEqual([
      "Conformément à l'art. 6 de la loi n° 2014-173, M. le Préfet et Mme. Blanc signent (cf. Annexe 2, p. 14).",
      'Le Département financera 22,3 M€.',
      'Les actions (sport, culture, etc.) sont soutenues.',
    ]);
  });

  it('ends a sentence at `etc.` when a capital follows, and at ? and !', () => {
    expect(
      splitRunningText('Des ateliers, des chantiers, etc. Le GIP assurera le suivi. Qui paie ? La CAF !'),
    ).toEqual(['Des ateliers, des chantiers, etc.', 'Le GIP assurera le suivi.', 'Qui paie ?', 'La CAF !']);
  });

  it('keeps initials with the name', () => {
    expect(splitRunningText('Le préfet J. Bonet a signé. La séance est levée.')).toHaveLength(2);
  });
});

describe('a heading glued to the next sentence', () => {
  it('is a sentence of its own, never the start of the next one', () => {
    const text =
      'La présente note précise les modalités pratiques. Les territoires concernés Le projet doit se dérouler dans un quartier prioritaire.';
    expect(splitRunningText(text)).toEqual([
      'La présente note précise les modalités pratiques.',
      'Les territoires concernés',
      'Le projet doit se dérouler dans un quartier prioritaire.',
    ]);
  });

  it('is not quoted as a sentence of the passage', () => {
    expect(
      splitSentences('Inscriptions Les familles inscrivent leurs enfants à la cantine avant le 31 août.'),
    ).toEqual(['Les familles inscrivent leurs enfants à la cantine avant le 31 août.']);
  });
});
