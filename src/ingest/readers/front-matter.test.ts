import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.ts';

describe('parseFrontMatter', () => {
  it('reads quoted and bare values, booleans, and leaves the body', () => {
    const { meta, body, warnings } = parseFrontMatter(
      [
        '---',
        'title: "Signature de l\'avenant n° 1 du NPNRU à Alès"',
        "publisher: 'Préfecture du Gard'",
        'date: 2024-05-22 # jour de publication',
        'kind: web',
        'excerpt: true',
        'tags: [npnru]',
        '---',
        'Corps du texte.',
      ].join('\n'),
    );
    expect(meta).toEqual({
      title: "Signature de l'avenant n° 1 du NPNRU à Alès",
      publisher: 'Préfecture du Gard',
      date: '2024-05-22',
      kind: 'web',
      excerpt: true,
    });
    expect(body).toBe('Corps du texte.');
    expect(warnings).toEqual([]);
  });

  it('keeps quotes inside a double-quoted value, as the corpus writes them', () => {
    const { meta } = parseFrontMatter('---\npublisher: "Ville d\'Alès (rubrique "Travaux")"\n---\n');
    expect(meta.publisher).toBe('Ville d\'Alès (rubrique "Travaux")');
  });

  it('warns about an excerpt that is not a boolean, and drops empty values', () => {
    const { meta, warnings } = parseFrontMatter('---\nexcerpt: oui\nnote: ""\n---\nx');
    expect(meta).toEqual({});
    expect(warnings).toHaveLength(1);
  });

  it('reads a file without front matter, or with an unclosed one, as body', () => {
    expect(parseFrontMatter('# Titre\n---\n')).toEqual({ meta: {}, body: '# Titre\n---\n', warnings: [] });
    const unclosed = parseFrontMatter('---\ntitle: x\n');
    expect(unclosed.meta).toEqual({});
    expect(unclosed.body).toBe('---\ntitle: x\n');
    expect(unclosed.warnings).toHaveLength(1);
  });
});
