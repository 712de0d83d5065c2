/**
 * A document's blocks as HTML, with the cited passage marked. Only the blocks' text is written, and
 * always escaped: no tag, attribute, script or style of the corpus file reaches the page.
 *
 * Offsets are those of the chunker (`documentText`: blocks joined by a blank line), so a citation's
 * `start`/`end` land on the same characters here. The blocks the passage touches are wrapped in one
 * labelled, focusable region; inside it the cited characters are in `<mark>` (a passage may begin or
 * end within a paragraph that was cut).
 */
import { BLOCK_SEPARATOR } from '../../ingest/chunk.ts';
import type { Block, TableCell } from '../../ingest/types.ts';
import { escapeHtml } from '../escape-html.ts';

export interface PassageRange {
  start: number;
  end: number;
}

export interface RenderedBlocks {
  html: string;
  /** False when the range falls outside the text (a link from an older version of the document). */
  highlighted: boolean;
}

/** The page title is the `<h1>`: the document's own headings start one level below. */
const FIRST_HEADING_LEVEL = 2;
const MAX_HEADING_LEVEL = 6;
/** `Header : value ; Header : value`, as the readers write a table row (src/ingest/readers/text.ts). */
const CELL_SEPARATOR = ' ; ';
const HEADER_SEPARATOR = ' : ';
const NUMBERED_ITEM = /^\d{1,9}[.)] /;

interface Placed {
  block: Block;
  start: number;
  end: number;
}

export function renderBlocks(blocks: Block[], passage: PassageRange | undefined): RenderedBlocks {
  const placed: Placed[] = [];
  let offset = 0;
  for (const block of blocks) {
    placed.push({ block, start: offset, end: offset + block.text.length });
    offset += block.text.length + BLOCK_SEPARATOR.length;
  }
  const visible = placed.filter((p) => p.block.text.trim() !== '');
  const touched = (p: Placed) => passage !== undefined && p.start < passage.end && p.end > passage.start;
  const first = visible.findIndex(touched);
  if (!passage || first < 0) return { html: renderRun(visible, undefined), highlighted: false };
  let last = first;
  while (last + 1 < visible.length && touched(visible[last + 1]!)) last++;

  return {
    html: [
      renderRun(visible.slice(0, first), undefined),
      '<section class="passage" id="passage" tabindex="-1" autofocus aria-labelledby="passage-label">',
      '<p class="passage-label" id="passage-label">Passage cité</p>',
      renderRun(visible.slice(first, last + 1), passage),
      '<p class="passage-end">Fin du passage cité</p>',
      '</section>',
      renderRun(visible.slice(last + 1), undefined),
    ].join('\n'),
    highlighted: true,
  };
}

/** Consecutive list items become one list, consecutive rows of a section one table. */
function renderRun(run: Placed[], passage: PassageRange | undefined): string {
  const out: string[] = [];
  for (let i = 0; i < run.length; ) {
    const { block } = run[i]!;
    let j = i + 1;
    if (block.type === 'list-item' || block.type === 'table-row') {
      const sameGroup = (next: Block) =>
        next.type === block.type &&
        samePath(next.headingPath, block.headingPath) &&
        // A numbered list right after a bulleted one is another list.
        NUMBERED_ITEM.test(next.text) === NUMBERED_ITEM.test(block.text);
      while (j < run.length && sameGroup(run[j]!.block)) j++;
    }
    const group = run.slice(i, j);
    if (block.type === 'heading') out.push(renderHeading(group[0]!, passage));
    else if (block.type === 'list-item') out.push(renderList(group, passage));
    else if (block.type === 'table-row') out.push(renderTable(group, passage));
    else out.push(`<p>${marked(group[0]!, passage)}</p>`);
    i = j;
  }
  return out.join('\n');
}

function renderHeading(placed: Placed, passage: PassageRange | undefined): string {
  const level = Math.min(MAX_HEADING_LEVEL, FIRST_HEADING_LEVEL - 1 + placed.block.headingPath.length);
  return `<h${level}>${marked(placed, passage)}</h${level}>`;
}

function renderList(items: Placed[], passage: PassageRange | undefined): string {
  // The number is part of the item's text (« 2. La synthèse »): an <ol> says it is a sequence,
  // its own numbers are hidden so they are not read twice.
  const numbered = items.every((item) => NUMBERED_ITEM.test(item.block.text));
  const tag = numbered ? 'ol' : 'ul';
  const lis = items.map((item) => `<li>${marked(item, passage)}</li>`).join('');
  return `<${tag}${numbered ? ' class="numbered"' : ''}>${lis}</${tag}>`;
}

/**
 * Rows shown in columns when every cell has its header; otherwise (cells without headers) they are
 * shown as a list of rows, the sentences the index reads.
 */
function renderTable(rows: Placed[], passage: PassageRange | undefined): string {
  const parsed = rows.map((row) => {
    const { cells, text } = row.block;
    return cells ? cellMap(cells) : parseRow(text);
  });
  if (parsed.some((cells) => cells === undefined)) {
    const lis = rows.map((row) => `<li>${marked(row, passage)}</li>`).join('');
    return `<ul class="rows">${lis}</ul>`;
  }
  const headers: string[] = [];
  for (const cells of parsed as Map<string, string>[]) {
    for (const header of cells.keys()) if (!headers.includes(header)) headers.push(header);
  }
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row, r) => {
      const cells = parsed[r]!;
      const cited = touches(row, passage);
      const tds = headers
        .map((h) => {
          const value = escapeHtml(cells.get(h) ?? '');
          return `<td>${cited && value !== '' ? `<mark>${value}</mark>` : value}</td>`;
        })
        .join('');
      return `<tr${cited ? ' class="cited"' : ''}>${tds}</tr>`;
    })
    .join('');
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The cells the reader kept; a column without a header cannot be shown under one. */
function cellMap(cells: TableCell[]): Map<string, string> | undefined {
  const map = new Map<string, string>();
  for (const { header, value } of cells) {
    if (header === '' || map.has(header)) return undefined;
    map.set(header, value);
  }
  return map;
}

/** Rows written `Header : value ; …` by the readers before they kept the cells. */
function parseRow(text: string): Map<string, string> | undefined {
  const cells = new Map<string, string>();
  for (const part of text.split(CELL_SEPARATOR)) {
    const at = part.indexOf(HEADER_SEPARATOR);
    if (at <= 0) return undefined;
    const header = part.slice(0, at);
    if (cells.has(header)) return undefined;
    cells.set(header, part.slice(at + HEADER_SEPARATOR.length));
  }
  return cells;
}

function touches(placed: Placed, passage: PassageRange | undefined): boolean {
  return passage !== undefined && placed.start < passage.end && placed.end > passage.start;
}

/** The block's text, escaped, with the characters inside the passage in `<mark>`. */
function marked(placed: Placed, passage: PassageRange | undefined): string {
  const { text } = placed.block;
  if (!passage || !touches(placed, passage)) return escapeHtml(text);
  const from = Math.max(0, passage.start - placed.start);
  const to = Math.min(text.length, passage.end - placed.start);
  return [
    escapeHtml(text.slice(0, from)),
    `<mark>${escapeHtml(text.slice(from, to))}</mark>`,
    escapeHtml(text.slice(to)),
  ].join('');
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
