/**
 * Plain-text reader, and the line handling the Markdown reader shares with it: newline
 * normalisation, white-space clean-up, and telling a soft-wrapped line from a meaningful break.
 */
import { type Block, ReadError, type ReadResult } from '../types.ts';

/**
 * A line that stops without punctuation and fills at least this share of the paragraph's longest
 * line was wrapped by a tool (PDF-to-text exports wrap near 80–110 characters, and ragged right
 * edges lose up to a long word); a shorter one is a label or a title and keeps its own line.
 */
const SOFT_WRAP_FILL = 0.75;
/** Below this, a line is a label even in a paragraph of short lines. */
const SOFT_WRAP_MIN_CHARS = 40;
/** A first line longer than this is running text, not a title. */
const TITLE_MAX_CHARS = 120;
/** Ends a sentence or announces what follows: the next line starts something new. */
const HARD_END = /[.!?…:;»"”)]$/;
const STARTS_LOWERCASE = /^[\p{Ll}(,;]/u;
const BULLET = /^[-*•–][ \t]+/;

/** `\r\n`, `\r` → `\n`, and no byte-order mark. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** One line of text: no-break spaces become spaces, runs of spaces one. */
export function cleanSpaces(text: string): string {
  return text
    .replace(/[\u00A0\u202F\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * True when `next` continues the sentence that `previous` left open (a soft wrap). `wrapWidth` is
 * the longest line around: without it, only a lowercase start tells a continuation.
 */
export function continuesLine(previous: string, next: string, wrapWidth = Number.POSITIVE_INFINITY): boolean {
  if (previous === '' || HARD_END.test(previous)) return false;
  if (STARTS_LOWERCASE.test(next)) return true;
  return previous.length >= SOFT_WRAP_MIN_CHARS && previous.length >= wrapWidth * SOFT_WRAP_FILL;
}

/**
 * Joins the lines of one paragraph: soft-wrapped lines with a space, while a line that ends a
 * sentence or stands alone (a label, a date line) starts a new paragraph. Returns the paragraphs.
 */
export function joinLines(lines: string[]): string[] {
  const paragraphs: string[] = [];
  const cleaned = lines.map(cleanSpaces).filter((line) => line !== '');
  const wrapWidth = Math.max(0, ...cleaned.map((line) => line.length));
  let current = '';
  let previous = '';
  for (const line of cleaned) {
    if (current !== '' && continuesLine(previous, line, wrapWidth)) current = `${current} ${line}`;
    else {
      if (current !== '') paragraphs.push(current);
      current = line;
    }
    previous = line;
  }
  if (current !== '') paragraphs.push(current);
  return paragraphs;
}

/** `Code : QP030002 ; Commune : Anduze`: each value keeps its column header, so a row stands alone. */
export function tableRowText(headers: string[], cells: string[]): string {
  return cells
    .map((cell, i) => {
      if (cell === '') return '';
      const header = headers[i];
      return header ? `${header} : ${cell}` : cell;
    })
    .filter((part) => part !== '')
    .join(' ; ');
}

/** Throws the `empty` read error when a file holds nothing but white space. */
export function assertNotEmpty(text: string): void {
  if (text.trim() === '') throw new ReadError('empty', 'le fichier est vide');
}

/** Reads a `.txt` file: paragraphs split on blank lines, the first line as a title when it looks like one. */
export function readText(text: string): ReadResult {
  assertNotEmpty(text);
  const groups = normalizeNewlines(text)
    .split(/\n[ \t]*\n/)
    .map((group) => group.split('\n').filter((line) => line.trim() !== ''))
    .filter((group) => group.length > 0);

  const first = groups[0]?.length === 1 ? cleanSpaces(groups[0][0]!) : undefined;
  const title = first !== undefined && looksLikeTitle(first) ? first : undefined;
  const headingPath = title === undefined ? [] : [title];
  const blocks: Block[] = title === undefined ? [] : [{ type: 'heading', text: title, headingPath }];

  for (const group of title === undefined ? groups : groups.slice(1))
    blocks.push(...blocksOfLines(group, headingPath));
  return { meta: title === undefined ? {} : { title }, blocks, warnings: [] };
}

function looksLikeTitle(line: string): boolean {
  return line.length <= TITLE_MAX_CHARS && !/[.,;:]$/.test(line) && !BULLET.test(line);
}

/** Paragraphs of a group of lines, where a bullet line is a list item of its own. */
function blocksOfLines(lines: string[], headingPath: string[]): Block[] {
  const blocks: Block[] = [];
  let run: string[] = [];
  const flush = () => {
    for (const text of joinLines(run)) blocks.push({ type: 'paragraph', text, headingPath });
    run = [];
  };
  for (const line of lines) {
    if (!BULLET.test(line.trim())) {
      run.push(line);
      continue;
    }
    flush();
    blocks.push({ type: 'list-item', text: cleanSpaces(line.trim().replace(BULLET, '')), headingPath });
  }
  flush();
  return blocks;
}
