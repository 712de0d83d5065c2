import { describe, expect, it } from 'vitest';
import {
  citationHref,
  copyText,
  linkLabel,
  parseAnswer,
  shortExcerpt,
  speakableAnswer,
  splitCitations,
} from '../src/answer-text.ts';
import type { Citation } from '../src/types.ts';

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  source: 'doc.md',
  docId: `doc-${n}`,
  title: `Document ${n}`,
  url: `/documents/doc-${n}#page=${n + 3}`,
  excerpt: 'Un passage.',
  headingPath: [],
  page: n + 3,
  ...extra,
});

describe('parseAnswer', () => {
  it('turns known [n] markers into citations and keeps the rest as text', () => {
    expect(parseAnswer('Alès compte trois quartiers [1][2]. Voir [9].', [citation(1), citation(2)])).toEqual([
      {
        type: 'p',
        lines: [
          [
            { type: 'text', text: 'Alès compte trois quartiers ' },
            { type: 'cite', n: 1 },
            { type: 'cite', n: 2 },
            { type: 'text', text: '. Voir [9].' },
          ],
        ],
      },
    ]);
  });

  it('keeps markup as plain text, never as HTML', () => {
    const blocks = parseAnswer('<img src=x onerror=alert(1)> [1]', [citation(1)]);
    expect(blocks[0]).toEqual({
      type: 'p',
      lines: [
        [
          { type: 'text', text: '<img src=x onerror=alert(1)> ' },
          { type: 'cite', n: 1 },
        ],
      ],
    });
  });

  it('splits paragraphs on blank lines and makes bullet runs into lists', () => {
    const blocks = parseAnswer('Les quartiers :\n\n- Près-Saint-Jean [1]\n- Cévennes\n\nFin\nsuite', [
      citation(1),
    ]);
    expect(blocks.map((b) => b.type)).toEqual(['p', 'ul', 'p']);
    expect(blocks[1]).toEqual({
      type: 'ul',
      items: [
        [
          { type: 'text', text: 'Près-Saint-Jean ' },
          { type: 'cite', n: 1 },
        ],
        [{ type: 'text', text: 'Cévennes' }],
      ],
    });
    expect(blocks[2]).toEqual({
      type: 'p',
      lines: [[{ type: 'text', text: 'Fin' }], [{ type: 'text', text: 'suite' }]],
    });
  });
});

describe('splitCitations', () => {
  const cited = [citation(1), citation(2), citation(3)];
  const numbers = (list: Citation[]) => list.map((c) => c.n);

  it('makes sources of the citations the text refers to, further reading of the others', () => {
    const { sources, further } = splitCitations(
      parseAnswer('Une réponse [2].\n\n- un point [3]', cited),
      cited,
    );
    expect(numbers(sources)).toEqual([2, 3]);
    expect(numbers(further)).toEqual([1]);
  });

  it('keeps every citation as a source when the text refers to none', () => {
    const { sources, further } = splitCitations(parseAnswer('Une réponse sans renvoi.', cited), cited);
    expect(numbers(sources)).toEqual([1, 2, 3]);
    expect(further).toEqual([]);
  });
});

describe('speakableAnswer', () => {
  it('drops the markers that screen readers would spell out', () => {
    expect(speakableAnswer('Trois quartiers [1] sont  prioritaires [2].')).toBe(
      'Trois quartiers sont prioritaires.',
    );
  });
});

describe('citationHref', () => {
  it('prefixes service paths with the API', () => {
    expect(citationHref('/documents/abc#page=4', 'https://svc.fr')).toBe(
      'https://svc.fr/documents/abc#page=4',
    );
  });

  it('keeps absolute http(s) sources and refuses other schemes', () => {
    expect(citationHref('https://www.ales.fr/x', 'https://svc.fr')).toBe('https://www.ales.fr/x');
    expect(citationHref('javascript:alert(1)', 'https://svc.fr')).toBeUndefined();
    expect(citationHref('//evil.example/x', 'https://svc.fr')).toBeUndefined();
  });
});

describe('linkLabel', () => {
  it('names the page when there is one', () => {
    expect(linkLabel({ page: 4 })).toBe('Ouvrir le document à la page 4');
    expect(linkLabel({})).toBe('Ouvrir le document');
  });

  it('says a web text opens at the passage cited', () => {
    expect(linkLabel({ url: '/documents/contrat?passage=120-480#passage' })).toBe(
      'Ouvrir le document au passage cité',
    );
    expect(linkLabel({ url: 'https://www.ales.fr/contrat' })).toBe('Ouvrir le document');
  });
});

describe('copyText', () => {
  it('appends the numbered sources with their addresses', () => {
    expect(copyText('Réponse [1].', [citation(1)], 'https://svc.fr')).toBe(
      'Réponse [1].\n\nSources :\n[1] Document 1, p. 4 : https://svc.fr/documents/doc-1#page=4',
    );
  });

  it('groups the cards as the panel does: sources, further reading, the document offered', () => {
    expect(copyText('Réponse [2].', [citation(1), citation(2)], 'https://svc.fr')).toBe(
      'Réponse [2].\n\nSources :\n[2] Document 2, p. 5 : https://svc.fr/documents/doc-2#page=5' +
        '\n\nÀ lire aussi :\n[1] Document 1, p. 4 : https://svc.fr/documents/doc-1#page=4',
    );
    expect(copyText('Je n’ai pas trouvé.', [], 'https://svc.fr', [citation(1)])).toBe(
      'Je n’ai pas trouvé.\n\nDocument à consulter :\nDocument 1, p. 4 : https://svc.fr/documents/doc-1#page=4',
    );
  });

  it('keeps the dates of the figures in the text, and adds each card’s date', () => {
    const text =
      'Ces chiffres viennent de documents de dates différentes, du plus récent au plus ancien :\n\n' +
      '- Document du 22 mai 2024 : « 494 logements. » [2]\n- Document de 2020 : « 492 logements. » [1]';
    const cards = [citation(1, { date: '2020' }), citation(2, { date: '2024-05-22' })];
    expect(copyText(text, cards, 'https://svc.fr')).toBe(
      `${text}\n\nSources :\n` +
        '[1] Document 1, p. 4, Document de 2020 : https://svc.fr/documents/doc-1#page=4\n' +
        '[2] Document 2, p. 5, Document du 22 mai 2024 : https://svc.fr/documents/doc-2#page=5',
    );
  });

  it('is the answer alone when nothing is cited', () => {
    expect(copyText('  Bonjour !  ', [], 'https://svc.fr')).toBe('Bonjour !');
  });
});

describe('shortExcerpt', () => {
  it('keeps a short passage whole, with its spaces folded', () => {
    expect(shortExcerpt('Les  quartiers\nprioritaires.')).toBe('Les quartiers prioritaires.');
  });

  it('cuts a long passage at a word and marks the cut', () => {
    const cut = shortExcerpt('mot '.repeat(200), 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut).toMatch(/^(mot )+mot…$/);
  });
});
