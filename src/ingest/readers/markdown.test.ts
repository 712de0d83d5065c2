import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadError } from '../types.ts';
import { readMarkdown } from './markdown.ts';

const corpus = (name: string) => readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), 'utf8');

describe('readMarkdown', () => {
  describe('on the loi Lamy extract', () => {
    const result = readMarkdown(corpus('loi-2014-173_programmation-ville-cohesion-urbaine_extraits.md'));

    it('reads the front matter into meta', () => {
      expect(result.meta).toMatchObject({
        title: expect.stringContaining('Loi n° 2014-173 du 21 février 2014'),
        url: 'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000028636804',
        date: '2014-02-21',
        kind: 'law',
      });
      expect(result.meta.excerpt).toBeUndefined();
    });

    it('files each paragraph under its article', () => {
      const contracts = result.blocks.find((b) =>
        b.text.startsWith('I. ― La politique de la ville est mise en œuvre'),
      );
      expect(contracts?.headingPath).toEqual(['Article 6']);
      const citizens = result.blocks.find((b) => b.text.startsWith('Le conseil citoyen est composé'));
      expect(citizens?.headingPath).toEqual(['Article 7']);
    });

    it("ends a heading block's path with the heading itself", () => {
      const heading = result.blocks.find((b) => b.type === 'heading' && b.text === 'Article 8');
      expect(heading?.headingPath).toEqual(['Article 8']);
    });

    it('reads quoted lists of amended codes as their text', () => {
      expect(result.blocks.map((b) => b.text)).toContain('Code général des collectivités territoriales');
      expect(result.blocks.map((b) => b.text)).toContain('Art. L2143-1');
      expect(result.blocks.some((b) => b.text.startsWith('>'))).toBe(false);
    });
  });

  describe('on the priority neighbourhoods table', () => {
    const result = readMarkdown(corpus('qpv-2015-2023_arrondissement-ales.md'));

    it('reads every row as a French sentence that keeps its column headers', () => {
      const rows = result.blocks.filter((b) => b.type === 'table-row');
      expect(rows).toHaveLength(5);
      expect(rows.map((r) => r.text)).toEqual(
        expect.arrayContaining([
          'Code QP030001 : quartier prioritaire « Près Saint Jean - Cévennes - Tamaris - Cauvel-la Royale - Rochebelle - Centre ville », commune Alès, population 14621.',
          'Code QP030002 : quartier prioritaire Centre Ville, commune Anduze, population 1134.',
        ]),
      );
      expect(rows[0]?.headingPath).toEqual(["Quartiers prioritaires 2015-2023 de l'arrondissement d'Alès"]);
    });

    it('keeps the cells of each row for a page that shows the table', () => {
      const row = result.blocks.find((b) => b.type === 'table-row' && b.text.includes('QP030002'));
      expect(row?.cells).toEqual([
        { header: 'Code', value: 'QP030002' },
        { header: 'Quartier prioritaire', value: 'Centre Ville' },
        { header: 'Commune', value: 'Anduze' },
        { header: 'Population', value: '1134' },
      ]);
    });
  });

  describe('on a page excerpt', () => {
    it('reads excerpt: true, and a publisher holding quotes inside quotes', () => {
      const result = readMarkdown(corpus('lemag-ales-fr_renouvellement-urbain-visite-prefet-2024.md'));
      expect(result.meta.excerpt).toBe(true);
      expect(result.meta.publisher).toBe(`"Le Mag" de la Ville d'Alès / Alès Agglomération (lemag.ales.fr)`);
      // The page's category label, then its title: both stand alone above the text, as headings.
      expect(result.blocks[0]).toMatchObject({
        type: 'heading',
        text: 'Actualité',
        headingPath: ['Actualité'],
      });
    });

    it('keeps short lines that stand alone as their own paragraphs', () => {
      const result = readMarkdown(corpus('ales-fr_politique-de-la-ville_contrat-de-ville.md'));
      const texts = result.blocks.map((b) => b.text);
      expect(texts).toContain('6 juillet 2015, Alès Agglomération signe son Contrat de Ville');
      expect(texts).toContain('Contrat de Ville 2024-2030');
      // A line with a comma is a caption, not a heading; a short line above a sentence is one.
      expect(result.blocks.find((b) => b.text.startsWith('6 juillet 2015'))?.type).toBe('paragraph');
      expect(result.blocks.at(-1)?.headingPath).toEqual(['Contrat de ville', 'Contrat de Ville 2015-2020']);
    });

    it('joins lines a PDF export wrapped mid-sentence', () => {
      const result = readMarkdown(corpus('gip-ales-cevennes_appel-a-projets-2022_note-de-cadrage.md'));
      const quote = result.blocks.find((b) => b.text.startsWith('« La politique de la ville'));
      expect(quote?.text).toContain('envers les quartiers défavorisés');
      expect(quote?.text).toContain('du 21 février 2014.');
    });

    it('reads bullets as list items', () => {
      const result = readMarkdown(corpus('gard-gouv-fr_2015_signatures-contrats-de-ville.md'));
      const items = result.blocks.filter((b) => b.type === 'list-item');
      expect(items).toHaveLength(3);
      expect(items[1]?.text).toMatch(/^celui d’Alès, le 6 juillet dernier/);
    });
  });

  describe('on hand-written Markdown', () => {
    const result = readMarkdown(
      [
        '---',
        'title: \'Guide "pratique"\'',
        'excerpt: false',
        'date: 2024-01',
        '---',
        'Contrat de ville',
        '================',
        '',
        'Le **contrat** est signé par [la préfecture](https://www.gard.gouv.fr) et *Alès* ',
        'Agglomération (voir `annexe_1`).',
        '',
        'Documents à télécharger',
        '-----------------------',
        '',
        '1. Le document cadre',
        '2. La synthèse, qui résume',
        '   le contrat.',
        '',
        '### Pilier <i>emploi</i>',
        'Texte &amp; suite.',
      ].join('\r\n'),
    );

    it('reads setext headings as a path', () => {
      const list = result.blocks.find((b) => b.type === 'list-item');
      expect(list?.headingPath).toEqual(['Contrat de ville', 'Documents à télécharger']);
      expect(result.blocks.at(-1)?.headingPath).toEqual([
        'Contrat de ville',
        'Documents à télécharger',
        'Pilier emploi',
      ]);
    });

    it('strips emphasis and links to their text, and joins a soft-wrapped line', () => {
      expect(result.blocks[1]?.text).toBe(
        'Le contrat est signé par la préfecture et Alès Agglomération (voir annexe_1).',
      );
      expect(result.blocks.at(-1)?.text).toBe('Texte & suite.');
    });

    it('keeps the number of a numbered item, and its continuation line', () => {
      const items = result.blocks.filter((b) => b.type === 'list-item').map((b) => b.text);
      expect(items).toEqual(['1. Le document cadre', '2. La synthèse, qui résume le contrat.']);
    });

    it('reads front matter in single quotes, and an unquoted date, with CRLF line ends', () => {
      expect(result.meta).toEqual({ title: 'Guide "pratique"', excerpt: false, date: '2024-01' });
    });
  });

  it('reads a table that follows a paragraph line directly', () => {
    const { blocks } = readMarkdown(
      'Liste des quartiers :\n| Code | Commune |\n|---|---|\n| QP030014 | Saint-Ambroix |\n\nFin.',
    );
    expect(blocks.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', 'Liste des quartiers :'],
      ['table-row', 'Code QP030014 : commune Saint-Ambroix.'],
      ['paragraph', 'Fin.'],
    ]);
  });

  it('takes the first top heading as title when there is no front matter', () => {
    expect(readMarkdown('# Algérie\n\nUn pays.').meta.title).toBe('Algérie');
  });

  it('rejects an empty or blank file as empty', () => {
    for (const text of ['', ' \r\n\n']) {
      expect(() => readMarkdown(text)).toThrowError(
        expect.objectContaining({ name: 'ReadError', reason: 'empty' }),
      );
    }
    expect(() => readMarkdown('\n')).toThrowError(ReadError);
  });

  it('rejects a file holding only front matter as empty', () => {
    expect(() => readMarkdown('---\ntitle: Rien\n---\n\n')).toThrowError(
      expect.objectContaining({ reason: 'empty' }),
    );
  });
});
