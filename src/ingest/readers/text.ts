/**
 * Plain-text reader, and the line handling the Markdown reader shares with it: newline
 * normalisation, white-space clean-up, and telling a soft-wrapped line from a meaningful break.
 */
import { type Block, ReadError, type ReadResult, type TableCell } from '../types.ts';
import { cleanWebBlocks } from './web-residue.ts';

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

/**
 * A table row as a sentence a resident can read when it is quoted, each value with its column
 * header so the row stands alone: « Code QP030002 : quartier prioritaire Centre Ville, commune
 * Anduze, population 1134. » (the first column names the row, the others describe it). A value that
 * holds a comma, a colon or a spaced dash is put in guillemets, so the sentence stays unambiguous;
 * a year column reads « 120 en 2020 ».
 */
export function tableRowText(headers: string[], cells: string[]): string {
  const parts = tableRowCells(headers, cells).map(({ header, value }, i) => {
    const shown = /[,;:]|\s[-–]\s/.test(value) ? `« ${value} »` : value;
    if (header === '') return shown;
    if (/^\d{4}$/.test(header)) return `${shown} en ${header}`;
    if (!/\p{L}/u.test(header)) return `${header} : ${shown}`;
    return `${i === 0 ? header : lowerFirst(header)} ${shown}`;
  });
  if (parts.length === 0) return '';
  const [first, ...rest] = parts;
  const sentence = rest.length === 0 ? first! : `${first} : ${rest.join(', ')}`;
  return /[.!?…]["»”’)]*$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The row's non-empty cells with their column headers (`''` when the column has none). */
export function tableRowCells(headers: string[], cells: string[]): TableCell[] {
  return cells.map((value, i) => ({ header: headers[i] ?? '', value })).filter((cell) => cell.value !== '');
}

/** « Quartier prioritaire » → « quartier prioritaire », but « QPV » and « INSEE » stay as written. */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
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
  const cleaned = cleanWebBlocks(blocks);
  return { meta: title === undefined ? {} : { title }, blocks: cleaned.blocks, warnings: cleaned.warnings };
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
