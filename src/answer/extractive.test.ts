import { describe, expect, it } from 'vitest';
import { TEST_DOCUMENT, testPassage } from '../../tests/fixtures/passages.ts';
import { encodeSentenceVectors } from '../retrieval/sentence-vectors.ts';
import { queryTerms } from './evidence.ts';
import { type ScoredSentence, scoreSentences, withSection } from './extractive.ts';

const idf = () => 1;

describe('scoreSentences', () => {
  it("reads a sentence with its document's title: a page about the contract speaks of it as « il »", () => {
    const terms = queryTerms('Quand le contrat de ville a-t-il été signé ?', idf, 1);
    const text = 'Il a été signé le 6 juillet 2015 par tous les partenaires du territoire.';
    const titled = testPassage(text);
    const untitled = testPassage(text, {
      doc: { ...TEST_DOCUMENT, meta: { ...TEST_DOCUMENT.meta, title: 'Actualités' } },
    });
    const [withTitle] = scoreSentences(terms, [titled]);
    const [withoutTitle] = scoreSentences(terms, [untitled]);
    expect(withTitle!.coverage).toBeGreaterThan(withoutTitle!.coverage + 0.3);
  });

  it('skips a sentence that only repeats a heading', () => {
    const terms = queryTerms('contrat de ville', idf, 1);
    const passage = testPassage(
      'Contrat de ville\n\nLes partenaires du contrat de ville se réunissent chaque année.',
      {
        headingPath: ['Contrat de ville'],
      },
    );
    const scored = scoreSentences(terms, [passage]);
    expect(scored.map((s) => s.text)).toEqual([
      'Les partenaires du contrat de ville se réunissent chaque année.',
    ]);
  });

  it('skips a heading of a chunk merged into the passage, and a title in capitals', () => {
    const terms = queryTerms('territoires concernés projet appel', idf, 1);
    const passage = testPassage(
      'GIP POLITIQUE DE LA VILLE APPEL A PROJETS 2020 - Ales.fr\n\nLes territoires concernés par le projet\n\n' +
        "Le projet doit se dérouler dans un quartier prioritaire de l'appel à projets.",
      { mergedHeadings: ['Les territoires concernés par le projet'] },
    );
    const scored = scoreSentences(terms, [passage]);
    expect(scored.map((s) => s.text)).toEqual([
      "Le projet doit se dérouler dans un quartier prioritaire de l'appel à projets.",
    ]);
  });
});

describe('scoreSentences with sentence vectors', () => {
  const sentences = [
    'Le remplacement des joints des appareils à gaz incombe au locataire.',
    "Le ballon d'eau chaude est remplacé par le propriétaire.",
  ];
  // The question is close in meaning to the second sentence, and shares more words with the first.
  const vectors = [new Float32Array([1, 0, 0]), new Float32Array([0.6, 0.8, 0])];
  const query = new Float32Array([0.5, 0.866, 0]);
  const terms = queryTerms('remplacement chauffe-eau locataire', idf, 1);
  const passage = testPassage(sentences.join(' '), {
    sentenceVectors: [encodeSentenceVectors(sentences, vectors)],
  });

  it('puts first the sentence that means what was asked when the words alone prefer another', () => {
    expect(scoreSentences(terms, [passage])[0]!.text).toBe(sentences[0]);
    const [best, other] = scoreSentences(terms, [passage], query);
    expect(best!.text).toBe(sentences[1]);
    expect(best!.meaning).toBe(0);
    expect(other!.meaning).toBeLessThan(0);
  });

  it('keeps word coverage as it was: the decision reads it', () => {
    const byText = (scored: ScoredSentence[]) => new Map(scored.map((s) => [s.text, s.coverage]));
    expect(byText(scoreSentences(terms, [passage], query))).toEqual(byText(scoreSentences(terms, [passage])));
  });

  it('ranks by words alone when the passages have no sentence vectors', () => {
    const plain = testPassage(sentences.join(' '));
    expect(scoreSentences(terms, [plain], query).map((s) => s.meaning)).toEqual([0, 0]);
  });
});

describe('withSection', () => {
  const guide = testPassage(
    'Locataire\n\n9 Évier : remplacement joints silicone\n\nPropriétaire\n\nBallon électrique : remplacement ; détartrage',
    { headingPath: ['Votre habitat', 'La cuisine', 'Locataire'], mergedHeadings: ['Propriétaire'] },
  );

  it('shows a line that is not a sentence under the heading it stands under in the passage', () => {
    expect(withSection('Ballon électrique : remplacement ; détartrage', guide)).toBe(
      'Propriétaire — Ballon électrique : remplacement ; détartrage',
    );
    expect(withSection('9 Évier : remplacement joints silicone', guide)).toBe(
      'Locataire — 9 Évier : remplacement joints silicone',
    );
  });

  it("uses the passage's own heading when none stands above the line in it", () => {
    const item = testPassage('Prés Saint-Jean\n\nCentre-ville', { headingPath: ['Quartiers prioritaires'] });
    expect(withSection('Centre-ville', item)).toBe('Quartiers prioritaires — Centre-ville');
  });

  it('leaves a sentence, a line that names its heading, and a long heading alone', () => {
    expect(withSection('Le propriétaire remplace le ballon électrique.', guide)).toBe(
      'Le propriétaire remplace le ballon électrique.',
    );
    const named = testPassage('Locataire : entretien courant', { headingPath: ['Locataire'] });
    expect(withSection('Locataire : entretien courant', named)).toBe('Locataire : entretien courant');
    const long = testPassage('entretien courant', {
      headingPath: ['Ce que le locataire doit entretenir pendant toute la durée de son bail, et à ses frais'],
    });
    expect(withSection('entretien courant', long)).toBe('entretien courant');
  });
});
