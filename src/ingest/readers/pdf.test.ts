import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Block, ReadError, type ReadResult } from '../types.ts';
import { readPdf } from './pdf.ts';

const FIXTURES = new URL('../../../tests/fixtures/pdf/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

const cache = new Map<string, Promise<ReadResult>>();
/** Each fixture is read once and shared by the tests that look at it. */
const read = (name: string) => {
  if (!cache.has(name)) cache.set(name, readPdf(fixture(name)));
  return cache.get(name)!;
};

const FLASH = '02_flash-DGALN-01-2022_loi-climat-resilience_artificialisation.pdf';
const SCAN = '03_SCAN_circulaire-premier-ministre-6323-SG_2022-01-07.pdf';
const URBA = '04_urba-info-n27-janvier-2019_DHUP.pdf';
const JOURNAL = '07_CCLO_journal-au-fil-des-lisieres_n1_2022-09.pdf';
const GUIDE = '01_guide-qui-repare-qui-entretient_reparations-locatives.pdf';
const BUDGET = 'x2_budget-etat-2026_chiffres-cles-LFI.pdf';

const blockWith = (blocks: Block[], phrase: string) => blocks.find((b) => b.text.includes(phrase));
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('readPdf', () => {
  describe('pages', () => {
    it('counts the pages of a nested page tree and cites the right page', async () => {
      const { pages, blocks } = await read(JOURNAL);
      expect(pages).toHaveLength(32);
      expect(blockWith(blocks, 'BARACREP')?.page).toBe(25);
    });

    it('gives every block the page it is printed on', async () => {
      const { pages, blocks } = await read(FLASH);
      expect(pages).toHaveLength(47);
      expect(pages?.every((p) => p === 'text')).toBe(true);
      expect(blockWith(blocks, 'Ce flash s’inscrit dans le prolongement')?.page).toBe(1);
      expect(blockWith(blocks, 'le portail national de l’artificialisation des sols')?.page).toBe(4);
      expect(blocks.every((b) => Number.isInteger(b.page) && b.page! >= 1 && b.page! <= 47)).toBe(true);
    });
  });

  describe('page furniture', () => {
    it('drops the running footer and the "N / 47" page numbers', async () => {
      const { blocks } = await read(FLASH);
      expect(blocks.some((b) => b.text.includes('FLASH 01-2022 « Lutte contre'))).toBe(false);
      expect(blocks.some((b) => /\b\d{1,2} \/ 47\b/.test(b.text))).toBe(false);
    });

    it('keeps the last line of a list that ends in the bottom margin, a word other pages end on', async () => {
      const { blocks } = await read(GUIDE);
      expect(blockWith(blocks, '3 Conduit d’alimentation d’eau')?.text).toBe(
        '3 Conduit d’alimentation d’eau remplacement',
      );
    });

    it('drops a running title set just below the margin at the same place on most pages', async () => {
      const { blocks } = await read(GUIDE);
      expect(blocks.some((b) => b.text === 'Qui répare ? Qui entretient ?')).toBe(false);
      // Read as a heading, it took over the tenant's section on the right-hand page.
      expect(blockWith(blocks, 'Lavabo : remplacement joints silicone')?.headingPath.at(-1)).toBe(
        'Locataire',
      );
      // The title of a page, at the same place but different on each page, stays.
      expect(blocks.some((b) => b.type === 'heading' && b.text === 'Les sanitaires')).toBe(true);
    });

    it('keeps a paragraph whole and drops the footnote calls glued to its words', async () => {
      const { blocks } = await read(FLASH);
      const text = blockWith(blocks, 'Ce flash s’inscrit')?.text;
      expect(text).toContain('du Gouvernement du 29 juillet 2019, de la circulaire du 30 août 2021 et de la');
    });
  });

  describe('text repairs', () => {
    it('rejoins words hyphenated at the end of a line, keeps real hyphens', async () => {
      const { blocks } = await read(GUIDE);
      const text = blockWith(blocks, 'en bon état d’usage')?.text;
      expect(text).toContain('en bon état d’usage et de réparation. Les équipements');
      expect(blockWith(blocks, 'art. 7 de la loi')?.text).toContain('loi n° 89-462 du 6 juillet');
    });

    it('joins a brochure label and its short details, and reads a title drawn twice once', async () => {
      const { blocks } = await read(GUIDE);
      const boiler = blockWith(blocks, 'Ballon électrique');
      expect(boiler?.text).toBe('Ballon électrique : remplacement ; détartrage');
      expect(boiler?.headingPath.at(-1)).toBe('Propriétaire');
      expect(boiler?.page).toBe(5);
      // A numbered entry hung left of the line above starts an entry of its own.
      const onPage5 = blocks.filter((b) => b.page === 5);
      expect(blockWith(onPage5, 'Colonne d’eau usée')?.text).toBe('2 Colonne d’eau usée : remplacement');
      expect(blockWith(onPage5, '3 Conduit')?.text).toBe('3 Conduit d’alimentation d’eau remplacement');
      expect(blocks.some((b) => b.type === 'heading' && b.text === 'Locataire Locataire')).toBe(false);
    });

    it('turns bullet lines into list items', async () => {
      const { blocks } = await read(URBA);
      const item = blockWith(blocks, 'Atelier 1 : Quels outils');
      expect(item?.type).toBe('list-item');
      expect(item?.text).toBe(
        'Atelier 1 : Quels outils et méthodes pour accompagner les collectivités territoriales ?',
      );
    });
  });

  describe('reading order', () => {
    it('reads a two-column page column by column', async () => {
      const { blocks } = await read(URBA);
      const left = blockWith(blocks, 'En application de l’article 76');
      expect(squash(left?.text ?? '')).toContain(
        'le silence de l’Etat au bout de quatre mois sur une demande d’autorisation d’un chalet d’alpage',
      );
      const right = blockWith(blocks, 'Dans le cas d’espèce');
      expect(right?.text).toContain('le Conseil d’Etat a considéré que les travaux autorisés par le permis');
      expect(right?.page).toBe(2);
    });

    it('keeps the lines of a column apart beside a large heading in the next column', async () => {
      const { blocks } = await read(JOURNAL);
      const text = blockWith(blocks, 'Attichy. Implantée')?.text;
      expect(text).toContain('Attichy. Implantée à Couloisy, depuis janvier 2020, la boutique dispose');
      const guide = (await read(GUIDE)).blocks;
      expect(blockWith(guide, 'parquet, dalles')?.text).toContain('linoléum, moquette');
    });

    it('nests headings by size', async () => {
      const { blocks } = await read(URBA);
      expect(blockWith(blocks, 'Dans un arrêt du 5 décembre 2018')?.headingPath).toContain('Jurisprudence');
      expect(blocks.every((b) => Array.isArray(b.headingPath))).toBe(true);
    });
  });

  describe('title', () => {
    it('takes the title from the text, not from stale metadata', async () => {
      const { meta } = await read(BUDGET);
      expect(meta.title).toMatch(/^Le budget de l’État voté pour/);
      expect(meta.title).not.toContain('2023');
    });
  });

  describe('scans', () => {
    it('reports pages without a text layer when OCR is off', async () => {
      const { pages, blocks, warnings } = await read(SCAN);
      expect(pages).toEqual(['scan', 'scan', 'scan', 'scan']);
      expect(blocks).toEqual([]);
      expect(warnings).toContain("page 2 : aucune couche texte (scan) — activez l'OCR");
    });
  });

  describe('bad files', () => {
    const failure = async (name: string) => {
      const error = await readPdf(fixture(name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReadError);
      return error as ReadError;
    };

    it('rejects an empty file', async () => {
      expect((await failure('empty.pdf')).reason).toBe('empty');
    });

    it('rejects a truncated PDF and a file that is not a PDF, quickly', async () => {
      const started = performance.now();
      const truncated = await failure('truncated.pdf');
      expect(truncated.reason).toBe('corrupt');
      expect(truncated.message).toMatch(/corrompu|tronqué/);
      expect((await failure('not-a-pdf.pdf')).message).toContain('n’est pas un PDF');
      expect(performance.now() - started).toBeLessThan(5_000);
    });

    it('rejects a password-protected PDF', async () => {
      const error = await failure('encrypted.pdf');
      expect(error.reason).toBe('encrypted');
      expect(error.message).toContain('mot de passe');
    });
  });
});
