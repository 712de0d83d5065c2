import { describe, expect, it } from 'vitest';
import { testPassage } from '../../tests/fixtures/passages.ts';
import { queryTerms } from './evidence.ts';
import { scoreSentences } from './extractive.ts';
import { rerankByEvidence } from './rerank.ts';

function passage(text: string, lexicalScore: number) {
  return testPassage(text, { lexicalScore, score: lexicalScore });
}

const idf = () => 1;
const QUESTION = 'Quand le conseil citoyen des Prés Saint-Jean se réunit-il ?';

describe('rerankByEvidence', () => {
  // BM25 adds up the question's words wherever they are; the answer holds them in one sentence.
  const scattered = passage(
    'Le conseil municipal vote le budget chaque année. Les citoyens des quartiers sont invités aux réunions publiques. ' +
      'Les Prés Saint-Jean accueillent un nouveau centre social depuis la rénovation.',
    10,
  );
  const stated = passage(
    'Le conseil citoyen des Prés Saint-Jean se réunit chaque premier mardi du mois à la maison de quartier.',
    8,
  );
  const terms = queryTerms(QUESTION, idf, 1);

  it('puts first the passage whose one sentence answers, ahead of a higher BM25 score', () => {
    const passages = [scattered, stated];
    const reranked = rerankByEvidence(passages, scoreSentences(terms, passages)).passages;
    expect(reranked[0]).toBe(stated);
    expect(reranked).toHaveLength(2);
  });

  it('moves the sentences along with their passage, best first', () => {
    const passages = [scattered, stated];
    const { scored } = rerankByEvidence(passages, scoreSentences(terms, passages));
    expect(scored[0]).toMatchObject({ passage: 0, text: stated.text });
    expect(scored.filter((s) => s.passage === 1).every((s) => scattered.text.includes(s.text))).toBe(true);
  });

  it('keeps the lexical order when the sentences are equally good', () => {
    const weaker = passage(stated.text.replace('maison de quartier', 'salle des fêtes'), 5);
    const passages = [stated, weaker];
    expect(rerankByEvidence(passages, scoreSentences(terms, passages)).passages).toEqual([stated, weaker]);
  });

  it('leaves passages whose sentences were not read after the others, in their order', () => {
    const passages = [scattered, stated, passage('Texte sans rapport avec la question posée ici.', 1)];
    const read = scoreSentences(terms, passages.slice(0, 2));
    const reranked = rerankByEvidence(passages, read).passages;
    expect(reranked[2]).toBe(passages[2]);
  });
});
