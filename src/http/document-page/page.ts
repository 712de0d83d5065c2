/**
 * The reading page of a web text (Markdown, HTML, plain text): its title, source, date and text,
 * with the cited passage highlighted, scrolled to and focused, as a PDF opens at its page.
 *
 * No script at all: `autofocus` on the passage moves focus there, and the CSP forbids scripts,
 * frames, forms and any other origin. The only style is the page's own, allowed by its hash.
 */
import type { DocumentInfo } from '../../assistant/types.ts';
import type { Block } from '../../ingest/types.ts';
import { formatFrenchDate } from '../../text/french-date.ts';
import { escapeHtml } from '../escape-html.ts';
import { type PassageRange, renderBlocks } from './blocks.ts';
import { PAGE_CSS, PAGE_CSS_HASH } from './styles.ts';

/** What the page may load: nothing but itself (links to the source still work: they are navigation). */
export function documentPageCsp(frameAncestors: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src ${PAGE_CSS_HASH}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}

export interface DocumentPageInput {
  doc: Pick<DocumentInfo, 'title' | 'url' | 'publisher' | 'date' | 'excerpt' | 'source'>;
  blocks: Block[];
  /** From the citation link; absent when the document is opened from a list. */
  passage?: PassageRange;
  /** The link asked for a passage that could not be read or found. */
  passageInvalid?: boolean;
}

/** `2024`, `2024-05` or `2024-05-22` as a French reader writes it, with the machine form kept. */
export function frenchDate(date: string): string {
  const text = formatFrenchDate(date);
  return text === undefined ? escapeHtml(date) : `<time datetime="${escapeHtml(date)}">${text}</time>`;
}

/** Shown as the source link's text: who published it, or the site's address. */
function sourceLabel(doc: DocumentPageInput['doc']): string {
  if (doc.publisher) return doc.publisher;
  if (doc.url && URL.canParse(doc.url)) return new URL(doc.url).host;
  return doc.url ?? '';
}

export function renderDocumentPage(input: DocumentPageInput): string {
  const { doc } = input;
  const body = renderBlocks(input.blocks, input.passage);
  const notFound = input.passageInvalid || (input.passage !== undefined && !body.highlighted);
  const source =
    doc.url && /^https?:\/\//i.test(doc.url)
      ? `<dt>Source</dt><dd><a href="${escapeHtml(doc.url)}" rel="noopener noreferrer">${escapeHtml(
          sourceLabel(doc),
        )}</a> (site d’origine)</dd>`
      : doc.publisher
        ? `<dt>Source</dt><dd>${escapeHtml(doc.publisher)}</dd>`
        : '';
  const meta = [
    source,
    doc.date ? `<dt>Date</dt><dd>${frenchDate(doc.date)}</dd>` : '',
    doc.excerpt ? '<dt>Contenu</dt><dd>extrait du document d’origine</dd>' : '',
  ].join('');

  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)} – Documents du Contrat de ville</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<a class="skip" href="${body.highlighted ? '#passage' : '#texte'}">${
    body.highlighted ? 'Aller au passage cité' : 'Aller au texte'
  }</a>
<header class="site"><p>Documents du Contrat de ville · texte cité par l’assistant</p></header>
<main id="texte">
<article>
<h1>${escapeHtml(doc.title)}</h1>
${meta ? `<dl class="meta">${meta}</dl>` : ''}
${
  notFound
    ? '<p class="notice" role="status">Le passage cité n’a pas été retrouvé dans cette version du document : le texte complet est affiché ci-dessous.</p>'
    : ''
}
${body.html}
</article>
</main>
<footer class="page-footer"><p>Texte du fichier « ${escapeHtml(doc.source)} », mis en page pour la lecture ; la source fait foi.</p></footer>
</body>
</html>
`;
}
