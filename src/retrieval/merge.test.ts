import { describe, expect, it } from 'vitest';
import type { IndexedDocument } from '../index/manifest.ts';
import type { Candidate } from './hybrid.ts';
import { dropNearDuplicates, mergeNeighbours } from './merge.ts';

const doc: IndexedDocument = {
  id: 'guide',
  source: 'guide.pdf',
  checksum: 'x',
  size: 1,
  mime: 'application/pdf',
  meta: { title: 'Guide', kind: 'guide', excerpt: false },
  pages: 9,
  warnings: [],
  labels: [0, 1, 2],
};

function candidate(label: number, start: number, text: string, page: number, score: number): Candidate {
  return {
    chunk: {
      label,
      id: `guide#${label}`,
      docId: 'guide',
      ordinal: label,
      text,
      headingPath: [],
      page,
      start,
      end: start + text.length,
    },
    doc,
    score,
    lexicalScore: score,
    similarity: 0,
    matched: [],
  };
}

const A = 'Le locataire entretient la chaudière chaque année.';
const B = 'Le propriétaire remplace la chaudière hors d’usage.';
const C = 'Le ramonage des conduits est à la charge du locataire.';

describe('mergeNeighbours', () => {
  it('joins neighbouring chunks in reading order and cites every page they cover', () => {
    const second = A.length + 2;
    const third = second + B.length + 2;
    const [passage, ...rest] = mergeNeighbours([
      candidate(1, second, B, 7, 3),
      candidate(0, 0, A, 6, 2),
      candidate(2, third, C, 8, 1),
    ]);
    expect(rest).toEqual([]);
    expect(passage!.text).toBe(`${A}\n\n${B}\n\n${C}`);
    expect([passage!.page, passage!.pageEnd]).toEqual([6, 8]);
    expect(passage!.labels).toEqual([1, 0, 2]);
  });

  it('keeps the headings of the chunks it merges, so their lines are read as titles', () => {
    const first = candidate(0, 0, A, 6, 2);
    const heading = 'Les territoires concernés';
    const second = candidate(1, A.length + 2, `${heading}\n\n${B}`, 7, 1);
    second.chunk.headingPath = ['Appel à projets', heading];
    const [passage] = mergeNeighbours([first, second]);
    expect(passage!.headingPath).toEqual([]);
    expect(passage!.mergedHeadings).toEqual(['Appel à projets', heading]);
  });

  it('keeps the later page when the chunk joining before it starts on an earlier page', () => {
    const [passage] = mergeNeighbours([candidate(1, A.length + 2, B, 7, 3), candidate(0, 0, A, 6, 2)]);
    expect([passage!.page, passage!.pageEnd]).toEqual([6, 7]);
  });

  it('keeps chunks of one page without a page range', () => {
    const [passage] = mergeNeighbours([candidate(0, 0, A, 4, 2), candidate(1, A.length + 2, B, 4, 1)]);
    expect([passage!.page, passage!.pageEnd]).toEqual([4, undefined]);
  });
});

describe('dropNearDuplicates', () => {
  it('keeps the better-ranked of two passages saying the same thing, and stops at the limit', () => {
    const passages = mergeNeighbours([
      candidate(0, 0, A, 1, 3),
      candidate(1, 500, `${A} `, 2, 2),
      candidate(2, 900, B, 3, 1),
      candidate(3, 1400, C, 4, 0.5),
    ]);
    expect(dropNearDuplicates(passages).map((p) => p.labels[0])).toEqual([0, 2, 3]);
    expect(dropNearDuplicates(passages, 2).map((p) => p.labels[0])).toEqual([0, 2]);
  });
});
