import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentText } from '../../ingest/chunk.ts';
import { readHtml } from '../../ingest/readers/html.ts';
import { readMarkdown } from '../../ingest/readers/markdown.ts';
import type { Block } from '../../ingest/types.ts';
import { documentPageCsp, frenchDate, renderDocumentPage } from './page.ts';

const DOC = {
  title: 'Contrat de ville – Ville de Rivebelle',
  source: 'contrat.md',
  url: 'https://rivebelle.example/contrat',
  publisher: 'Ville de Rivebelle',
  date: '2024-03-12',
  excerpt: false,
};

const MARKDOWN = `---
title: "Contrat de ville"
---
# Contrat de ville 2024-2030

Le contrat a été signé le 12 mars 2024. Il couvre la période 2024-2030. Il repose sur trois piliers.

## Piliers

- la cohésion sociale
- le cadre de vie

1. Premier engagement
2. Second engagement

| Code | Quartier |
|---|---|
| QP1 | Les Hauts |
| QP2 | Malbosc |

<script>document.title = "piraté"</script>
`;

const blocks = readMarkdown(MARKDOWN).blocks;
const text = documentText(blocks);
/** The offsets of `needle` in the document text, as a citation link carries them. */
const rangeOf = (needle: string, within: Block[] = blocks) => {
  const start = documentText(within).indexOf(needle);
  if (start < 0) throw new Error(`absent : ${needle}`);
  return { start, end: start + needle.length };
};
const body = (html: string) => html.slice(html.indexOf('<body>'));

describe('renderDocumentPage', () => {
  describe('with a passage from a citation link', () => {
    const html = renderDocumentPage({
      doc: DOC,
      blocks,
      passage: rangeOf('Il couvre la période 2024-2030.'),
    });

    it('marks exactly the cited characters, inside one labelled, focusable region', () => {
      expect(html).toContain(
        '<p>Le contrat a été signé le 12 mars 2024. <mark>Il couvre la période 2024-2030.</mark> Il repose sur trois piliers.</p>',
      );
      expect(html.match(/<mark>/g)).toHaveLength(1);
      const region = html.slice(html.indexOf('<section'), html.indexOf('</section>'));
      expect(region).toContain('id="passage" tabindex="-1" autofocus aria-labelledby="passage-label"');
      expect(region).toContain('Passage cité');
      expect(region).toContain('12 mars 2024');
      expect(region).not.toContain('Piliers');
    });

    it('offers a link that skips to the passage', () => {
      expect(body(html)).toMatch(/^<body>\n<a class="skip" href="#passage">Aller au passage cité<\/a>/);
    });
  });

  it('wraps every block a long passage touches, and marks table rows by cell', () => {
    const html = renderDocumentPage({
      doc: DOC,
      blocks,
      passage: { start: text.indexOf('2. Second engagement'), end: text.indexOf('Malbosc') + 3 },
    });
    const region = html.slice(html.indexOf('<section'), html.indexOf('</section>'));
    expect(region).toContain('<li><mark>2. Second engagement</mark></li>');
    expect(region).toContain(
      '<tr class="cited"><td><mark>QP1</mark></td><td><mark>Les Hauts</mark></td></tr>',
    );
    expect(region).toContain('<tr class="cited"><td><mark>QP2</mark></td><td><mark>Malbosc</mark></td></tr>');
    expect(region).not.toContain('Premier engagement');
  });

  it('renders headings one level below the title, lists and tables', () => {
    const html = body(renderDocumentPage({ doc: DOC, blocks }));
    expect(html).toContain(`<h1>${DOC.title}</h1>`);
    expect(html).toContain('<h2>Contrat de ville 2024-2030</h2>');
    expect(html).toContain('<h3>Piliers</h3>');
    expect(html).toContain('<ul><li>la cohésion sociale</li><li>le cadre de vie</li></ul>');
    expect(html).toContain('<ol class="numbered"><li>1. Premier engagement</li>');
    expect(html).toContain(
      '<thead><tr><th scope="col">Code</th><th scope="col">Quartier</th></tr></thead><tbody><tr><td>QP1</td><td>Les Hauts</td></tr>',
    );
    expect(html).not.toContain('<section');
    expect(html).not.toContain('autofocus');
  });

  it('shows the source, its publisher and the date in French', () => {
    const html = renderDocumentPage({ doc: DOC, blocks });
    expect(html).toContain(
      '<dt>Source</dt><dd><a href="https://rivebelle.example/contrat" rel="noopener noreferrer">Ville de Rivebelle</a>',
    );
    expect(html).toContain('<time datetime="2024-03-12">12 mars 2024</time>');
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).toContain(
      '<title>Contrat de ville – Ville de Rivebelle – Documents du Contrat de ville</title>',
    );
  });

  describe('with markup from the corpus', () => {
    it('writes it as text, never as markup', () => {
      const page = readHtml(
        '<main><h1>Avis</h1><p>&lt;script&gt;window.pwned = 1&lt;/script&gt; <b onclick="x()">gras</b></p><script>window.pwned = 2</script><img src="https://tiers.example/p.png"></main>',
      );
      const html = renderDocumentPage({ doc: { ...DOC, title: '<i>Avis</i>' }, blocks: page.blocks });
      expect(html).toContain('<p>&lt;script&gt;window.pwned = 1&lt;/script&gt; gras</p>');
      expect(html).toContain('<h1>&lt;i&gt;Avis&lt;/i&gt;</h1>');
      expect(html).not.toMatch(/<script|<img|onclick|tiers\.example/);
      // The Markdown's own <script> line is read as text too.
      expect(renderDocumentPage({ doc: DOC, blocks })).not.toContain('<script');
    });

    it('does not let a source address be a javascript: link', () => {
      const html = renderDocumentPage({ doc: { ...DOC, url: 'javascript:alert(1)' }, blocks });
      expect(html).not.toContain('javascript:');
      expect(html).toContain('<dt>Source</dt><dd>Ville de Rivebelle</dd>');
    });
  });

  describe('when the passage is not in this version of the document', () => {
    it.each([
      ['beyond the text', { passage: { start: text.length + 10, end: text.length + 50 } }],
      ['unreadable in the link', { passageInvalid: true }],
    ])('says so in French and shows the whole text (%s)', (_case, input) => {
      const html = renderDocumentPage({ doc: DOC, blocks, ...input });
      expect(html).toContain('Le passage cité n’a pas été retrouvé dans cette version du document');
      expect(html).not.toContain('<mark>');
      expect(html).toContain('href="#texte">Aller au texte</a>');
    });
  });
});

describe('documentPageCsp', () => {
  it('allows no script, no other origin, and only the page’s own style sheet', () => {
    const csp = documentPageCsp(['https://www.ales.fr']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self' https://www.ales.fr");
    const html = renderDocumentPage({ doc: DOC, blocks });
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
  });
});

describe('frenchDate', () => {
  it.each([
    ['2024', '<time datetime="2024">2024</time>'],
    ['2023-07', '<time datetime="2023-07">juillet 2023</time>'],
    ['2015-07-01', '<time datetime="2015-07-01">1er juillet 2015</time>'],
    ['2015-13', '2015-13'],
  ])('writes %s as %s', (date, expected) => {
    expect(frenchDate(date)).toBe(expected);
  });
});
