/**
 * The answer text as data: paragraphs, bullet lists and `[n]` citation markers. The view builds
 * DOM from these parts with text nodes only, so nothing the service says is ever parsed as HTML.
 */
import { documentDateLabel } from '../../src/text/french-date.ts';
import type { Citation } from './types.ts';

export type Inline = { type: 'text'; text: string } | { type: 'cite'; n: number };
export type Block = { type: 'p'; lines: Inline[][] } | { type: 'ul'; items: Inline[][] };

/** About four lines of a card on a phone. */
const MAX_EXCERPT = 280;
const MARKER = /\[(\d{1,3})\]/g;
const BULLET = /^\s*(?:[-•*]|\d+[.)])\s+/;

/** Splits a line at its markers; a marker without a matching citation stays plain text. */
export function parseInline(line: string, known: ReadonlySet<number>): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of line.matchAll(MARKER)) {
    const n = Number(match[1]);
    if (!known.has(n)) continue;
    if (match.index > last) parts.push({ type: 'text', text: line.slice(last, match.index) });
    parts.push({ type: 'cite', n });
    last = match.index + match[0].length;
  }
  if (last < line.length) parts.push({ type: 'text', text: line.slice(last) });
  return parts;
}

export function parseAnswer(text: string, citations: readonly Pick<Citation, 'n'>[]): Block[] {
  const known = new Set(citations.map((c) => c.n));
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => BULLET.test(l))) {
      blocks.push({ type: 'ul', items: lines.map((l) => parseInline(l.replace(BULLET, ''), known)) });
    } else {
      blocks.push({ type: 'p', lines: lines.map((l) => parseInline(l, known)) });
    }
  }
  return blocks;
}

/**
 * The citations the answer's text refers to: its sources. The others are further reading the
 * service adds; when the text refers to none (a generated answer without markers), all are sources.
 */
export function splitCitations<T extends Pick<Citation, 'n'>>(
  blocks: readonly Block[],
  citations: readonly T[],
): { sources: T[]; further: T[] } {
  const quoted = new Set<number>();
  for (const block of blocks) {
    for (const line of block.type === 'p' ? block.lines : block.items) {
      for (const part of line) if (part.type === 'cite') quoted.add(part.n);
    }
  }
  if (quoted.size === 0) return { sources: [...citations], further: [] };
  return {
    sources: citations.filter((c) => quoted.has(c.n)),
    further: citations.filter((c) => !quoted.has(c.n)),
  };
}

/** What the live region speaks: the answer without `[n]`, which screen readers read as brackets. */
export function speakableAnswer(text: string): string {
  return text
    .replace(/\s*\[\d{1,3}\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Resolves a citation URL: service paths are prefixed with the API; only http(s) is linked. */
export function citationHref(url: string, api: string): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return `${api}${url}`;
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** Long passages are cut at a word so a card stays readable; the link leads to the whole text. */
export function shortExcerpt(excerpt: string, max = MAX_EXCERPT): string {
  const text = excerpt.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

export function pageLabel(page: number | undefined): string {
  return page === undefined ? '' : `p. ${page}`;
}

/** A web text's link opens the service's reading page at the passage (`?passage=`), as a PDF's at its page. */
export function linkLabel(citation: Pick<Citation, 'page'> & { url?: string }): string {
  if (citation.page !== undefined) return `Ouvrir le document à la page ${citation.page}`;
  return citation.url?.includes('?passage=') ? 'Ouvrir le document au passage cité' : 'Ouvrir le document';
}

/**
 * The text put on the clipboard: the answer, then its cards with their addresses, grouped as the
 * panel shows them (sources, further reading, the document offered with a decline).
 */
export function copyText(
  answer: string,
  citations: readonly Citation[],
  api: string,
  related: readonly Citation[] = [],
): string {
  const line = (c: Citation, numbered: boolean) => {
    const where = [c.title, pageLabel(c.page), c.date && documentDateLabel(c.date)]
      .filter(Boolean)
      .join(', ');
    const href = citationHref(c.url, api);
    return `${numbered ? `[${c.n}] ` : ''}${where}${href ? ` : ${href}` : ''}`;
  };
  const { sources, further } = splitCitations(parseAnswer(answer, citations), citations);
  const sections: [string, readonly Citation[], boolean][] = [
    ['Sources', sources, true],
    ['À lire aussi', further, true],
    ['Document à consulter', related, false],
  ];
  return [
    answer.trim(),
    ...sections
      .filter(([, list]) => list.length > 0)
      .map(([title, list, numbered]) => `${title} :\n${list.map((c) => line(c, numbered)).join('\n')}`),
  ].join('\n\n');
}
