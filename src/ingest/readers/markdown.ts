/**
 * Markdown reader: front matter into metadata, then blocks in reading order, each carrying the
 * heading path above it so a passage can be cited by section (`Loi… › Article 6`).
 *
 * Written for the Markdown that is really ingested (pages copied from websites, Etalab's law texts,
 * Wikipedia extracts, FAQ answers), not the whole of CommonMark: ATX and setext headings, paragraphs,
 * bullet and numbered lists, pipe tables, block quotes (read as their content) and code fences.
 */
import { type Block, ReadError, type ReadResult } from '../types.ts';
import { parseFrontMatter } from './front-matter.ts';
import {
  assertNotEmpty,
  cleanSpaces,
  continuesLine,
  joinLines,
  normalizeNewlines,
  tableRowCells,
  tableRowText,
} from './text.ts';
import { cleanWebBlocks } from './web-residue.ts';

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^([ \t]*)([-*+•]|\d{1,9}[.)])[ \t]+(.*)$/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]+\S+/;
const BLOCK_QUOTE = /^[ \t]{0,3}>[ \t]?/;

/** A block under construction: the lines of a paragraph or of a list item. */
interface Pending {
  kind: 'paragraph' | 'list-item';
  lines: string[];
}

export function readMarkdown(text: string): ReadResult {
  assertNotEmpty(text);
  const front = parseFrontMatter(normalizeNewlines(text));
  const lines = front.body
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .map(unquoteBlock);
  const blocks: Block[] = [];
  const headings: { level: number; text: string }[] = [];
  const path = () => headings.map((h) => h.text);
  let pending: Pending | undefined;

  const flush = () => {
    if (pending === undefined) return;
    const texts =
      pending.kind === 'paragraph' ? joinLines(pending.lines) : [cleanSpaces(pending.lines.join(' '))];
    for (const raw of texts) {
      const blockText = cleanSpaces(stripInline(raw));
      if (blockText !== '') blocks.push({ type: pending.kind, text: blockText, headingPath: path() });
    }
    pending = undefined;
  };
  const pushHeading = (level: number, raw: string) => {
    const headingText = cleanSpaces(stripInline(raw));
    if (headingText === '') return;
    while ((headings.at(-1)?.level ?? 0) >= level) headings.pop();
    headings.push({ level, text: headingText });
    blocks.push({ type: 'heading', text: headingText, headingPath: path() });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flush();
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      pushHeading(atx[1]!.length, atx[2] ?? '');
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && pending?.kind === 'paragraph') {
      const title = pending.lines.map((l) => l.trim()).join(' ');
      pending = undefined;
      pushHeading(underline[1]!.startsWith('=') ? 1 : 2, title);
      continue;
    }
    if (THEMATIC_BREAK.test(line) || LINK_DEFINITION.test(line)) {
      flush();
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]!));
      const code = lines.slice(i + 1, end < 0 ? lines.length : end);
      // Code keeps its lines: there, line structure is meaning.
      const codeText = code.join('\n').trim();
      if (codeText !== '') blocks.push({ type: 'paragraph', text: codeText, headingPath: path() });
      i = end < 0 ? lines.length : end;
      continue;
    }
    const separator = lines[i + 1] ?? '';
    if (line.includes('|') && separator.includes('|') && TABLE_SEPARATOR.test(separator)) {
      flush();
      const headers = tableCells(line);
      let j = i + 2;
      for (; j < lines.length && lines[j]!.includes('|') && lines[j]!.trim() !== ''; j++) {
        const row = tableCells(lines[j]!);
        const text = tableRowText(headers, row);
        const cells = tableRowCells(headers, row);
        if (text !== '') blocks.push({ type: 'table-row', text, cells, headingPath: path() });
      }
      i = j - 1;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const marker = item[2]!;
      // A number is part of what the item says (« 3. Les modalités… »); a bullet is not.
      const content = /\d/.test(marker) ? `${marker} ${item[3]}` : item[3]!;
      pending = { kind: 'list-item', lines: [content] };
      continue;
    }
    if (pending?.kind === 'list-item') {
      const previous = pending.lines.at(-1) ?? '';
      // Indented, or the item's sentence goes on: the line belongs to the item.
      if (/^[ \t]/.test(line) || continuesLine(cleanSpaces(previous), cleanSpaces(line))) {
        pending.lines.push(line);
        continue;
      }
      flush();
    }
    if (pending === undefined) pending = { kind: 'paragraph', lines: [] };
    pending.lines.push(line);
  }
  flush();
  if (blocks.length === 0)
    throw new ReadError('empty', 'le fichier ne contient que son en-tête (front matter)');
  const cleaned = cleanWebBlocks(blocks);

  const meta = { ...front.meta };
  // The document's own first heading, not a line the cleaning took for one.
  const firstTitle = blocks.find((b) => b.type === 'heading' && b.headingPath.length === 1);
  if (meta.title === undefined && firstTitle) meta.title = firstTitle.text;
  return { meta, blocks: cleaned.blocks, warnings: [...front.warnings, ...cleaned.warnings] };
}

/** A block quote is read as its content (the corpus uses `>` as a bullet, and for amended codes). */
function unquoteBlock(line: string): string {
  let out = line;
  while (BLOCK_QUOTE.test(out)) out = out.replace(BLOCK_QUOTE, '');
  return out;
}

function tableCells(row: string): string[] {
  const cells = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);
  return cells.map((cell) => cleanSpaces(stripInline(cell.replaceAll('\\|', '|'))));
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  hellip: '…',
  euro: '€',
};
/** Backslash-escaped punctuation is parked in the private-use area so emphasis rules skip it. */
const ESCAPE_BASE = 0xe000;

/** Markdown inline syntax reduced to the text a reader sees: links keep their text, emphasis goes. */
export function stripInline(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(ESCAPE_BASE + c.charCodeAt(0)))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/(`+)(.+?)\1/g, '$2')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '$1')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, decodeEntity)
    .replace(/[\uE000-\uE07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - ESCAPE_BASE));
}

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#')) {
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  }
  return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
}
