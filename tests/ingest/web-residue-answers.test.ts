/**
 * Quoted answers over a page copied from the web, as the default corpus's pages were: a tag list
 * glued into one word, arrows and a browser notice from a mirror site, headings glued to the
 * sentence after them, a button, and a table of neighbourhoods. The resident must read whole,
 * clean sentences: no glued heading, no link run, no raw « Header : value ; » row.
 * (A fictional town, so the test does not lean on the real documents.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import type { Answer } from '../../src/answer/types.ts';
import type { SearchableIndex } from '../../src/retrieval/hybrid.ts';
import { type IngestedCorpus, ingestCorpus } from '../fixtures/ingested.ts';

const SCRAPED_PAGE = `---
title: "Appel à projets 2025 du Contrat de ville de Rivebelle"
url: "https://rivebelle.example/actualites/appel-a-projets-2025"
publisher: "Ville de Rivebelle"
date: "2025"
kind: web
---
Actualité

Appel à projets 2025 du Contrat de ville

Contrat de villeAssociationsSubventionsJeunesse

←
→
Si votre navigateur ne rend pas la page correctement, lisez le contenu ci-dessous
APPEL A PROJETS 2025 DE RIVEBELLE Dans le cadre du Contrat de ville, un appel à projets annuel soutient les initiatives des associations de Rivebelle. Les quartiers concernés Le projet doit se dérouler dans les quartiers des Hauts-de-Saulière ou de la Cité Malbosc. Le dépôt des dossiers Les associations déposent leur dossier sur la plateforme Dauphin avant le 15 janvier 2025.

Lire la suite
`;

const NEIGHBOURHOODS = `---
title: "Les quartiers prioritaires de Rivebelle"
kind: data
---

# Quartiers prioritaires de Rivebelle

| Code | Quartier prioritaire | Commune | Population |
|---|---|---|---|
| QP099001 | Hauts-de-Saulière - Cité Malbosc | Rivebelle | 6200 |
| QP099002 | Centre ancien | Rivebelle | 3200 |
`;

let corpus: IngestedCorpus;
let searchable: SearchableIndex;

beforeAll(async () => {
  corpus = await ingestCorpus({
    'appel-a-projets-2025.md': SCRAPED_PAGE,
    'quartiers-prioritaires.md': NEIGHBOURHOODS,
  });
  expect(corpus.report.failed).toBe(0);
  searchable = corpus.searchable;
});

afterAll(() => corpus?.remove());

const ask = (question: string) =>
  answerQuestion({ searchable, contact: { name: 'Mairie de Rivebelle' } }, question, []);

/** What the resident reads: the answer and the excerpts of its citations. */
const shown = (answer: Answer) => [answer.answer, ...answer.citations.map((c) => c.excerpt)].join('\n');

function expectClean(answer: Answer): void {
  const text = shown(answer);
  expect(text).not.toMatch(/\p{Ll}\p{Lu}\p{Ll}/u); // « villeAssociations »
  expect(text).not.toMatch(/[←→]/);
  expect(text).not.toContain('navigateur');
  expect(text).not.toContain('Lire la suite');
  expect(text).not.toMatch(/\b\w+ : [^;\n]+ ; /); // « Code : QP099001 ; … »
}

describe('a quoted answer over a page copied from the web', () => {
  it('quotes the sentence without the heading glued to it', async () => {
    const answer = await ask("Où doit se dérouler le projet de l'appel à projets ?");
    expect(answer.declined).toBe(false);
    expect(answer.answer).toContain(
      'Le projet doit se dérouler dans les quartiers des Hauts-de-Saulière ou de la Cité Malbosc.',
    );
    expect(answer.answer).not.toContain('concernés Le projet');
    expectClean(answer);
  });

  it('quotes the deadline without its heading, and never the glued tag list', async () => {
    const answer = await ask('Avant quelle date les associations déposent-elles leur dossier ?');
    expect(answer.declined).toBe(false);
    expect(answer.answer).toContain('Les associations déposent leur dossier sur la plateforme Dauphin');
    expect(answer.answer).not.toContain('dossiers Les associations');
    expectClean(answer);
  });

  it('reads a table row as a French sentence', async () => {
    const answer = await ask('Combien d’habitants dans le quartier prioritaire du Centre ancien ?');
    expect(answer.declined).toBe(false);
    expect(answer.answer).toContain(
      'Code QP099002 : quartier prioritaire Centre ancien, commune Rivebelle, population 3200.',
    );
    expectClean(answer);
  });
});
