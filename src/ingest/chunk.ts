/**
 * Blocks → chunks: the passages retrieval ranks and the answer cites.
 *
 * A chunk follows the document's own structure: it never spans two sections, it groups the short
 * paragraphs, list items and table rows of one section up to a reading size, and only an
 * over-long paragraph is cut, at sentence ends, with an overlap so no sentence loses its context.
 * Every chunk is an exact slice of `documentText(blocks)` (`start`/`end`), so a citation can be
 * highlighted in the source text.
 */
import { type Span, sentenceSpans } from '../text/sentences.ts';
import type { Block, ChunkDraft, ChunkOptions } from './types.ts';

/**
 * About a paragraph or two of administrative French: what a person reads in one glance, and what
 * a small embedding model (512 tokens ≈ 1,500 characters of French) sees whole. The max leaves
 * room for a heading and a paragraph just over the target rather than cutting them; the overlap
 * is one or two sentences of context when a paragraph must be cut.
 */
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetChars: 700, maxChars: 1200, overlapChars: 200 };

/** A block ending with a colon introduces the next one. */
const ANNOUNCES = /:\s*$/;

/** Blocks are joined by a blank line in the document text, so offsets are stable across readers. */
export const BLOCK_SEPARATOR = '\n\n';

/** Below this share of the target, a chunk is "small": it may run past the target (up to the max) or take a second page. */
const SMALL_CHUNK_SHARE = 0.5;
/** A section's last chunk below this share of the target is merged into the previous one when it fits. */
const TAIL_SHARE = 0.25;

export function documentText(blocks: Block[]): string {
  return blocks.map((b) => b.text).join(BLOCK_SEPARATOR);
}

/** A chunk being formed: blocks `first..last` whole, or a piece of one long block. */
interface Range {
  first: number;
  last: number;
  start: number;
  end: number;
  /** A piece of a cut paragraph: never merged with its neighbours. */
  piece: boolean;
}

export function chunkBlocks(blocks: Block[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): ChunkDraft[] {
  checkOptions(options);
  const { targetChars: target, maxChars: max } = options;
  const starts: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    starts.push(offset);
    offset += block.text.length + BLOCK_SEPARATOR.length;
  }
  const endOf = (i: number) => starts[i]! + blocks[i]!.text.length;
  const headingsOnly = (r: Range) => blocks.slice(r.first, r.last + 1).every((b) => b.type === 'heading');
  const pageBreaks = (first: number, last: number) => {
    let breaks = 0;
    for (let i = first + 1; i <= last; i++) if (changesPage(blocks[i - 1]!, blocks[i]!)) breaks++;
    return breaks;
  };

  const ranges: Range[] = [];
  let open: Range | undefined;
  const close = () => {
    if (open) ranges.push(open);
    open = undefined;
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.text.trim() === '') continue;
    // A heading with nothing under it yet is carried into what follows rather than left alone.
    const carried = open !== undefined && headingsOnly(open) ? open : undefined;
    if (open && !carried && startsSection(blocks[open.last]!, block)) close();

    if (block.text.length > max) {
      if (!carried) close();
      const pieces = cutParagraph(block.text, options, carried ? starts[i]! - carried.start : 0);
      pieces.forEach((piece, n) => {
        const start = n === 0 && carried ? carried.start : starts[i]! + piece.start;
        ranges.push({
          first: n === 0 && carried ? carried.first : i,
          last: i,
          start,
          end: starts[i]! + piece.end,
          piece: true,
        });
      });
      open = undefined;
      continue;
    }
    if (!open) {
      open = { first: i, last: i, start: starts[i]!, end: endOf(i), piece: false };
      continue;
    }
    const length = open.end - open.start;
    const small = length < target * SMALL_CHUNK_SHARE || carried !== undefined;
    const from = open.start;
    const fits = (end: number) => end - from <= target || (small && end - from <= max);
    // A block that announces what follows (« …3 orientations stratégiques : ») opens the next
    // passage rather than end this one without its list; a heading carried above it stays with it.
    const next = blocks[i + 1];
    const announces = ANNOUNCES.test(block.text) && next !== undefined && !startsSection(block, next);
    // One page break in a passage is fine (a paragraph running over); two make a poor citation.
    const pageOk =
      !changesPage(blocks[open.last]!, block) || (small && pageBreaks(open.first, open.last) === 0);
    if (pageOk && fits(endOf(i)) && (!announces || carried !== undefined || fits(endOf(i + 1)))) {
      open.last = i;
      open.end = endOf(i);
    } else {
      close();
      open = { first: i, last: i, start: starts[i]!, end: endOf(i), piece: false };
    }
  }
  close();

  // Joined once per document, not once per chunk: each chunk's text was a V8 sliced string holding
  // its own copy of the whole document (2.9 MB retained per 50-section document, 100,000 passages
  // past V8's 4 GB heap before embedding started).
  const text = documentText(blocks);
  return mergeTails(ranges, blocks, options).map((r) => toDraft(r, blocks, text));
}

/**
 * A copy of `text` that shares no memory with the string it was sliced from. `slice` returns a view
 * that keeps its whole parent alive: a chunk kept for the index would keep its document's text too
 * (twice the passages' memory until the ingestion ends). UTF-16 round trip: exact for any string,
 * lone surrogates included.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** A heading always opens a section; so does a change of heading path (PDF blocks may carry one without a heading block). */
function startsSection(previous: Block, next: Block): boolean {
  return next.type === 'heading' || !samePath(previous.headingPath, next.headingPath);
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function changesPage(a: Block, b: Block): boolean {
  return a.page !== undefined && b.page !== undefined && a.page !== b.page;
}

/** A section's tiny last chunk joins the previous one when both are whole blocks of the same section. */
function mergeTails(ranges: Range[], blocks: Block[], { targetChars, maxChars }: ChunkOptions): Range[] {
  const out: Range[] = [];
  for (const range of ranges) {
    const previous = out.at(-1);
    const mergeable =
      previous !== undefined &&
      !previous.piece &&
      !range.piece &&
      previous.last + 1 === range.first &&
      range.end - range.start < targetChars * TAIL_SHARE &&
      range.end - previous.start <= maxChars &&
      !startsSection(blocks[previous.last]!, blocks[range.first]!) &&
      // The chunk before was closed at this page change on purpose: a citation keeps its page.
      !changesPage(blocks[previous.last]!, blocks[range.first]!);
    if (mergeable) {
      previous.last = range.last;
      previous.end = range.end;
    } else out.push({ ...range });
  }
  return out;
}

function toDraft(range: Range, blocks: Block[], text: string): ChunkDraft {
  const covered = blocks.slice(range.first, range.last + 1);
  const pages = covered.map((b) => b.page).filter((p): p is number => p !== undefined);
  const draft: ChunkDraft = {
    text: detached(text.slice(range.start, range.end)),
    headingPath: [...blocks[range.last]!.headingPath],
    start: range.start,
    end: range.end,
  };
  if (pages.length > 0) {
    draft.page = Math.min(...pages);
    const last = Math.max(...pages);
    if (last !== draft.page) draft.pageEnd = last;
  }
  if (covered.some((b) => b.ocr)) draft.ocr = true;
  return draft;
}

/**
 * Cuts a paragraph longer than the max into pieces of whole sentences near the target; each piece
 * after the first repeats the previous piece's last sentence(s), up to `overlapChars`. Offsets are
 * relative to `text`. `prefixChars` is what the first piece is joined to (a heading above it).
 */
export function cutParagraph(text: string, options: ChunkOptions, prefixChars = 0): Span[] {
  const { targetChars: target, maxChars: max, overlapChars: overlap } = options;
  const spans = sentenceSpans(text, target);
  const pieces: Span[] = [];
  let i = 0;
  let mustReach = 0;
  let budget = Math.max(target - prefixChars, target * SMALL_CHUNK_SHARE);
  let room = max - prefixChars;
  while (i < spans.length) {
    const from = spans[i]!.start;
    let j = Math.max(i, mustReach);
    while (j + 1 < spans.length && spans[j + 1]!.end - from <= budget) j++;
    // Whatever is left fits in one passage: take it rather than leave a small last piece.
    if (spans.at(-1)!.end - from <= room) j = spans.length - 1;
    pieces.push({ start: from, end: spans[j]!.end });
    if (j === spans.length - 1) break;
    let next = j + 1;
    while (next - 1 > i && spans[j]!.end - spans[next - 1]!.start <= overlap) next--;
    // The next piece must still fit with its overlap; if not, it starts clean.
    if (spans[j + 1]!.end - spans[next]!.start > max) next = j + 1;
    i = next;
    mustReach = j + 1;
    budget = target;
    room = max;
  }
  return pieces;
}

function checkOptions({ targetChars, maxChars, overlapChars }: ChunkOptions): void {
  if (!(targetChars > 0 && maxChars >= targetChars && overlapChars >= 0 && overlapChars < targetChars)) {
    throw new RangeError(
      `options de découpage incohérentes : 0 < targetChars (${targetChars}) <= maxChars (${maxChars}), 0 <= overlapChars (${overlapChars}) < targetChars`,
    );
  }
}
