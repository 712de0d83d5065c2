import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCK_SEPARATOR, chunkBlocks, cutParagraph, DEFAULT_CHUNK_OPTIONS, documentText } from './chunk.ts';
import { readMarkdown } from './readers/markdown.ts';
import type { Block, ChunkDraft, ChunkOptions } from './types.ts';

const corpus = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url), 'utf8');
const OPTIONS: ChunkOptions = { targetChars: 300, maxChars: 500, overlapChars: 120 };

/** A paragraph of `count` numbered sentences of about 60 characters each. */
function sentences(count: number, label = 'Phrase'): string {
  return Array.from(
    { length: count },
    (_, i) => `${label} ${i + 1} du contrat de ville, signée par les partenaires.`,
  ).join(' ');
}
const paragraph = (text: string, page?: number, headingPath: string[] = []): Block => ({
  type: 'paragraph',
  text,
  headingPath,
  ...(page === undefined ? {} : { page }),
});

/** The blocks a chunk covers, found by offsets in the document text. */
function blocksIn(blocks: Block[], chunk: ChunkDraft): Block[] {
  let offset = 0;
  const out: Block[] = [];
  for (const block of blocks) {
    const end = offset + block.text.length;
    if (offset < chunk.end && end > chunk.start) out.push(block);
    offset = end + BLOCK_SEPARATOR.length;
  }
  return out;
}

describe('chunkBlocks', () => {
  describe('on the loi Lamy extract', () => {
    const { blocks } = readMarkdown(corpus('loi-2014-173_programmation-ville-cohesion-urbaine_extraits.md'));
    const chunks = chunkBlocks(blocks, DEFAULT_CHUNK_OPTIONS);
    const text = documentText(blocks);

    it('gives chunks that are exact slices of the document text, in order and without gaps in coverage', () => {
      expect(chunks.length).toBeGreaterThan(10);
      for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      for (const [i, chunk] of chunks.entries())
        if (i > 0) expect(chunk.start).toBeGreaterThan(chunks[i - 1]!.start);
      expect(chunks.at(-1)?.end).toBe(text.length);
    });

    it('groups whole paragraphs joined by a blank line', () => {
      const grouped = chunks.filter((c) => blocksIn(blocks, c).length > 1);
      expect(grouped.length).toBeGreaterThan(5);
      for (const chunk of grouped) {
        expect(chunk.text).toBe(
          blocksIn(blocks, chunk)
            .map((b) => b.text)
            .join('\n\n'),
        );
      }
    });

    it('keeps passages between a few lines and the max', () => {
      for (const chunk of chunks)
        expect(chunk.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxChars);
      const sizes = chunks.map((c) => c.text.length).sort((a, b) => a - b);
      expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThan(DEFAULT_CHUNK_OPTIONS.targetChars / 2);
    });

    it('never lets a chunk cross into another article', () => {
      for (const chunk of chunks) {
        const covered = blocksIn(blocks, chunk);
        const firstContent = covered.findIndex((b) => b.type !== 'heading');
        expect(covered.slice(firstContent).some((b) => b.type === 'heading')).toBe(false);
        expect(new Set(covered.slice(firstContent).map((b) => b.headingPath.join('›'))).size).toBe(1);
      }
    });

    it('starts each article with its heading, and carries the path on the chunks after it', () => {
      const article6 = chunks.filter((c) => c.headingPath.join() === 'Article 6');
      expect(article6.length).toBeGreaterThan(2);
      expect(
        article6[0]?.text.startsWith('Article 6\n\nI. ― La politique de la ville est mise en œuvre'),
      ).toBe(true);
      expect(article6[1]?.text).not.toContain('Article 6\n');
    });

    it('merges the law title with the first article instead of leaving it alone', () => {
      expect(chunks[0]?.text).toMatch(/^LOI n° 2014-173[^\n]*\n\nArticle 1\n\nI\. ― La politique/);
      expect(chunks[0]?.headingPath).toEqual(['Article 1']);
    });
  });

  describe('on an over-long paragraph', () => {
    const long = sentences(30); // about 1,600 characters
    const blocks: Block[] = [
      { type: 'heading', text: 'Financement', headingPath: ['Financement'] },
      paragraph(long, 4, ['Financement']),
    ];
    const chunks = chunkBlocks(blocks, OPTIONS);
    const text = documentText(blocks);

    it('cuts it at sentence ends into pieces no longer than the max', () => {
      expect(chunks.length).toBeGreaterThanOrEqual(4);
      for (const chunk of chunks) {
        expect(chunk.text.length).toBeLessThanOrEqual(OPTIONS.maxChars);
        expect(chunk.text).toMatch(/partenaires\.$/);
        expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
        expect(chunk).toMatchObject({ headingPath: ['Financement'], page: 4 });
        expect(chunk.pageEnd).toBeUndefined();
      }
    });

    it('keeps the heading with the first piece', () => {
      expect(chunks[0]?.text).toMatch(/^Financement\n\nPhrase 1 /);
      expect(chunks[1]?.text).not.toContain('Financement');
    });

    it('repeats the end of each piece at the start of the next, within the overlap', () => {
      for (let i = 1; i < chunks.length; i++) {
        const previous = chunks[i - 1]!;
        const current = chunks[i]!;
        const overlap = previous.end - current.start;
        expect(overlap).toBeGreaterThan(0);
        expect(overlap).toBeLessThanOrEqual(OPTIONS.overlapChars);
        expect(previous.text.endsWith(current.text.slice(0, overlap))).toBe(true);
      }
      expect(chunks.at(-1)?.end).toBe(text.length);
    });

    it('cuts a sentence longer than any passage at a clause, then a space', () => {
      const clauses = Array.from({ length: 40 }, (_, i) => `la clause ${i + 1} engage les signataires`).join(
        ', ',
      );
      const pieces = cutParagraph(`${clauses}.`, OPTIONS);
      expect(pieces.length).toBeGreaterThan(3);
      for (const piece of pieces) expect(piece.end - piece.start).toBeLessThanOrEqual(OPTIONS.maxChars);
      expect(pieces.at(-1)?.end).toBe(clauses.length + 1);
    });
  });

  describe('across pages', () => {
    it('prefers cutting at a page change once the chunk is over half the target', () => {
      const blocks = [paragraph(sentences(3, 'Un'), 1), paragraph(sentences(1, 'Deux'), 2)];
      const chunks = chunkBlocks(blocks, OPTIONS);
      expect(chunks.map((c) => [c.page, c.pageEnd])).toEqual([
        [1, undefined],
        [2, undefined],
      ]);
    });

    it('lets a small chunk run over one page break, and records the range', () => {
      const blocks = [paragraph('Fin de la page un.', 1), paragraph(sentences(2), 2)];
      const [chunk, ...rest] = chunkBlocks(blocks, OPTIONS);
      expect(rest).toEqual([]);
      expect(chunk).toMatchObject({ page: 1, pageEnd: 2 });
    });

    it('never groups across two page breaks', () => {
      const blocks = [1, 2, 3, 4].map((page) => paragraph(`Court texte de la page ${page}.`, page));
      const chunks = chunkBlocks(blocks, OPTIONS);
      for (const chunk of chunks) expect((chunk.pageEnd ?? chunk.page!) - chunk.page!).toBeLessThanOrEqual(1);
      expect(chunks.map((c) => [c.page, c.pageEnd])).toEqual([
        [1, 2],
        [3, 4],
      ]);
    });
  });

  describe('grouping within a section', () => {
    it('groups short items up to the target and starts again after a heading', () => {
      const rows = Array.from(
        { length: 8 },
        (_, i): Block => ({
          type: 'table-row',
          text: `Code : QP0300${i} ; Commune : Alès ; Population : ${1000 + i}`,
          headingPath: ['QPV'],
        }),
      );
      const blocks: Block[] = [
        { type: 'heading', text: 'QPV', headingPath: ['QPV'] },
        ...rows,
        { type: 'heading', text: 'Contact', headingPath: ['Contact'] },
        { type: 'paragraph', text: 'Service Politique de la ville.', headingPath: ['Contact'] },
      ];
      const chunks = chunkBlocks(blocks, OPTIONS);
      expect(chunks.map((c) => c.headingPath[0])).toEqual(['QPV', 'QPV', 'Contact']);
      expect(chunks[0]!.text.length).toBeLessThanOrEqual(OPTIONS.targetChars);
      expect(chunks[2]?.text).toBe('Contact\n\nService Politique de la ville.');
    });

    it('keeps a line that announces a list with the list, in the next chunk when both do not fit', () => {
      const blocks = [
        paragraph(
          `${'Le préfet a signé plusieurs contrats de ville avec les maires du département. '.repeat(3)}`,
        ),
        paragraph('Un contrat de ville retient trois orientations stratégiques :'),
        paragraph('l’emploi et le développement économique des quartiers prioritaires ;'),
        paragraph('la cohésion sociale et le cadre de vie des habitants des quartiers.'),
      ];
      const chunks = chunkBlocks(blocks, OPTIONS);
      const intro = chunks.find((c) => c.text.includes('trois orientations stratégiques :'));
      expect(intro?.text).toContain('l’emploi et le développement économique');
    });

    it('merges a tiny last paragraph into the chunk before it', () => {
      const blocks = [paragraph(sentences(4)), paragraph(sentences(1)), paragraph('Voir annexe.')];
      const chunks = chunkBlocks(blocks, OPTIONS);
      expect(chunks).toHaveLength(1);
      expect(chunks[0]?.text.endsWith('\n\nVoir annexe.')).toBe(true);
    });

    it('marks a chunk holding an OCR block', () => {
      const blocks = [paragraph('Texte lu.', 1), { ...paragraph('Texte reconnu.', 1), ocr: true }];
      expect(chunkBlocks(blocks, OPTIONS)[0]?.ocr).toBe(true);
      expect(chunkBlocks([paragraph('Texte lu.')], OPTIONS)[0]?.ocr).toBeUndefined();
    });
  });

  it('refuses options that cannot work', () => {
    expect(() => chunkBlocks([], { targetChars: 800, maxChars: 500, overlapChars: 100 })).toThrowError(
      RangeError,
    );
    expect(() => chunkBlocks([], { targetChars: 500, maxChars: 800, overlapChars: 500 })).toThrowError(
      RangeError,
    );
  });
});
