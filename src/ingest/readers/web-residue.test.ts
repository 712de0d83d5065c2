import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../types.ts';
import { readHtml } from './html.ts';
import { readMarkdown } from './markdown.ts';
import { readText } from './text.ts';
import { cleanWebBlocks, isLinkRun, isPageFurniture } from './web-residue.ts';

const corpus = (name: string) => readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), 'utf8');
const paragraphs = (...texts: string[]): Block[] =>
  texts.map((text) => ({ type: 'paragraph', text, headingPath: [] }));

describe('isPageFurniture', () => {
  it('recognises link and tag lists glued into one word (corpus)', () => {
    expect(isLinkRun('NPNRUQuartiersRénovation urbaine')).toBe(true);
    expect(isLinkRun('ANRUGrand’rue Jean MoulinNPNRUTravauxUrbanisme')).toBe(true);
  });

  it('recognises a tag list of another site, a breadcrumb, arrows, a button and a notice', () => {
    expect(isPageFurniture('CultureSportJeunesseSolidarité')).toBe(true);
    expect(isPageFurniture('Accueil › Démarches › Logement › Demande de logement social')).toBe(true);
    expect(isPageFurniture('←')).toBe(true);
    expect(isPageFurniture('Lire la suite')).toBe(true);
    expect(isPageFurniture('CONTINUER À LIRE')).toBe(true);
    expect(isPageFurniture('Les-grands-projets-Rénovation-01')).toBe(true);
    expect(isPageFurniture('Veuillez activer JavaScript pour afficher la carte')).toBe(true);
  });

  it('keeps names written in camel case, compound place names and sentences', () => {
    expect(isPageFurniture('Les aides MaPrimeRénov’')).toBe(false);
    expect(isPageFurniture('Connexion avec FranceConnect')).toBe(false);
    expect(isPageFurniture('Saint-Jean-du-Gard')).toBe(false);
    expect(isPageFurniture('Les partenaires sont les suivants : Ville d’Alès / Logis Cévenols / ANRU')).toBe(
      false,
    );
    expect(isPageFurniture('Le NPNRU en chiffres')).toBe(false);
  });
});

describe('cleanWebBlocks', () => {
  it('drops the furniture, names it in a warning, and joins a download’s size to its link', () => {
    const { blocks, warnings } = cleanWebBlocks(
      paragraphs(
        'Téléchargez le guide du locataire.',
        '(PDF - 1,2 Mo)',
        'Accueil › Logement › Guides',
        'Le guide explique qui répare quoi dans un logement loué.',
      ),
    );
    expect(blocks.map((b) => b.text)).toEqual([
      'Téléchargez le guide du locataire (PDF - 1,2 Mo).',
      'Le guide explique qui répare quoi dans un logement loué.',
    ]);
    expect(warnings).toEqual(['1 reste(s) de mise en page web retiré(s) : « Accueil › Logement › Guides »']);
  });

  it('drops a title repeated just below itself, alone or glued to the text', () => {
    const { blocks } = cleanWebBlocks(
      paragraphs(
        'Fête de quartier aux Hauts',
        'Fête de quartier aux Hauts La fête aura lieu samedi sur la place du marché.',
      ),
    );
    expect(blocks.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Fête de quartier aux Hauts'],
      ['paragraph', 'La fête aura lieu samedi sur la place du marché.'],
    ]);
  });

  it('nests recognised headings under the document’s own and replaces one by the next', () => {
    const own: Block = { type: 'heading', text: 'Démarches', headingPath: ['Démarches'] };
    const under = (text: string): Block => ({ type: 'paragraph', text, headingPath: ['Démarches'] });
    const { blocks } = cleanWebBlocks([
      own,
      under('Inscription à la cantine'),
      under('Les familles inscrivent leurs enfants avant le 31 août.'),
      under('Tarifs'),
      under('Le repas coûte entre 1 € et 4 € selon le quotient familial.'),
    ]);
    expect(blocks.map((b) => b.headingPath)).toEqual([
      ['Démarches'],
      ['Démarches', 'Inscription à la cantine'],
      ['Démarches', 'Inscription à la cantine'],
      ['Démarches', 'Tarifs'],
      ['Démarches', 'Tarifs'],
    ]);
  });
});

describe('the readers, on pages copied from the web', () => {
  it('Markdown (corpus): the glued link run goes, the line above the text is a heading', () => {
    const result = readMarkdown(corpus('ales-fr_actualite_etat-debloque-52-me-renovation-quartiers.md'));
    const texts = result.blocks.map((b) => b.text);
    expect(texts).not.toContain('NPNRUQuartiersRénovation urbaine');
    expect(result.warnings).toContain(
      '1 reste(s) de mise en page web retiré(s) : « NPNRUQuartiersRénovation urbaine »',
    );
    const figure = result.blocks.find((b) => b.text.startsWith('130 M€ : l’investissement'));
    expect(figure?.headingPath).toEqual(['Le NPNRU en chiffres']);
  });

  it('Markdown (corpus): the headings of a flattened call for projects become heading blocks', () => {
    const result = readMarkdown(corpus('gip-ales-cevennes_appel-a-projets-2020.md'));
    const where = result.blocks.find((b) => b.text.startsWith('Le projet doit se dérouler'));
    expect(where).toMatchObject({ type: 'paragraph', headingPath: ['Les territoires concernés'] });
    expect(result.blocks.some((b) => /concernés Le projet|[←→]|navigateur/.test(b.text))).toBe(false);
  });

  it('HTML: tags written as adjacent links are dropped, a bold line is a heading', () => {
    const result = readHtml(
      '<main><p><a href="/t/culture">Culture</a><a href="/t/sport">Sport</a><a href="/t/jeunesse">Jeunesse</a></p>' +
        '<p><strong>Horaires d’ouverture</strong></p><p>La médiathèque est ouverte du mardi au samedi.</p></main>',
    );
    expect(result.blocks.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Horaires d’ouverture'],
      ['paragraph', 'La médiathèque est ouverte du mardi au samedi.'],
    ]);
    expect(result.warnings).toHaveLength(1);
  });

  it('text: a heading glued to its sentence is cut off', () => {
    const result = readText(
      'Conseil citoyen\n\nLe conseil s’est réuni en mars. Prochaine réunion La séance publique aura lieu le 12 juin à la maison de quartier.',
    );
    expect(result.blocks.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Conseil citoyen'],
      ['paragraph', 'Le conseil s’est réuni en mars.'],
      ['heading', 'Prochaine réunion'],
      ['paragraph', 'La séance publique aura lieu le 12 juin à la maison de quartier.'],
    ]);
  });
});
