/**
 * Builds blocks from a page's lines in reading order: lines of one paragraph joined with spaces
 * (hyphenated words rejoined), bullet lines as list items, large short lines as headings. Headings
 * nest by size, larger outside, and the path carries over from page to page.
 */
import type { Block } from '../../types.ts';
import { cleanText, joinLines, splitBullet } from './clean-text.ts';
import { PDF_BLOCKS } from './config.ts';
import type { PdfLine } from './reading-order.ts';

interface Heading {
  text: string;
  size: number;
}

/** Carries the heading stack across pages. */
export interface BlockState {
  headings: Heading[];
  bodySize: number;
}

interface Draft {
  type: Block['type'];
  text: string;
  last: PdfLine;
  size: number;
}

const ENDS_SENTENCE = /[.!?:;…»)]$/u;
const SIZE_EPSILON = 0.5;
/** A line that opens with an entry's number and a capital: `3 Conduit d’alimentation d’eau`. */
const NUMBERED_ENTRY = /^\d{1,2}\s+\p{Lu}/u;
/** How far left of the line above (em) a numbered entry hangs to start an entry of its own. */
const HANGING_EM = 0.5;
/** Footnote numbers are set well below the body size. */
const FOOTNOTE_SIZE_RATIO = 0.8;

function isHeading(line: PdfLine, text: string, bodySize: number): boolean {
  return (
    line.size >= bodySize * PDF_BLOCKS.headingSizeRatio &&
    text.length <= PDF_BLOCKS.maxHeadingChars &&
    /\p{L}{2}/u.test(text)
  );
}

/** Whether `line` carries on the draft paragraph or list item rather than starting a new block. */
function continues(draft: Draft, line: PdfLine, rightEdge: number): boolean {
  const prev = draft.last;
  if (line.noteStart) return false;
  if (Math.abs(line.size - draft.size) > draft.size * PDF_BLOCKS.sizeChangeRatio) return false;
  if (line.region !== prev.region) {
    // A paragraph running on into the next column: no full stop before, lowercase after.
    return !ENDS_SENTENCE.test(draft.text) && /^\p{Ll}/u.test(line.text);
  }
  // A numbered entry hung left of the text above (« 3 Conduit d’alimentation » under « remplacement »).
  if (NUMBERED_ENTRY.test(line.text) && line.x0 < prev.x0 - HANGING_EM * line.size) return false;
  const step = line.y - prev.y;
  if (step <= 0 || step > PDF_BLOCKS.paragraphGapRatio * Math.max(line.size, prev.size)) return false;
  const shortLine = prev.x1 < rightEdge - PDF_BLOCKS.shortLineEm * prev.size;
  if (draft.type === 'list-item')
    return !(shortLine && ENDS_SENTENCE.test(draft.text)) && line.x0 > prev.x0 - 1;
  return !(shortLine && ENDS_SENTENCE.test(draft.text));
}

/** A label over its details in a brochure's box: short, not a sentence (`Ballon électrique`). */
const LABEL = /^[\p{Lu}\d].*[^.!?;,]$/u;
/**
 * A detail under a label: short, lowercase, not ending a sentence (`détartrage`, `remplacement joints
 * silicone`). A lowercase line that ends with a full stop finishes a sentence the line above began.
 */
const DETAIL = /^\p{Ll}.*[^.!?]$/u;

/**
 * A label followed by short lowercase details (a brochure's « Ballon électrique • remplacement
 * • détartrage ») as one paragraph, `Ballon électrique : remplacement ; détartrage`: quoted alone,
 * « détartrage » says nothing, and the label alone does not say what is done.
 */
function joinLabelledDetails(blocks: Block[]): Block[] {
  const out: Block[] = [];
  const short = (b: Block | undefined, max: number) =>
    b !== undefined && b.type !== 'heading' && b.text.length <= max;
  for (let i = 0; i < blocks.length; i++) {
    const label = blocks[i]!;
    const details: string[] = [];
    const section = label.headingPath.join('\n');
    const isDetail = (b: Block | undefined): b is Block =>
      short(b, PDF_BLOCKS.maxDetailChars) && DETAIL.test(b!.text) && b!.headingPath.join('\n') === section;
    if (label.type === 'paragraph' && short(label, PDF_BLOCKS.maxLabelChars) && LABEL.test(label.text)) {
      for (let next = blocks[i + 1]; isDetail(next); next = blocks[i + 1 + details.length])
        details.push(next.text.replace(/[;,]$/u, ''));
    }
    if (details.length === 0) {
      out.push(label);
      continue;
    }
    out.push({ ...label, text: `${label.text.replace(/\s*:$/u, '')} : ${details.join(' ; ')}` });
    i += details.length;
  }
  return out;
}

/** The blocks of one page; `state` keeps the heading path for the next page. */
export function buildBlocks(lines: readonly PdfLine[], page: number, state: BlockState): Block[] {
  const rightEdge = new Map<number, number>();
  for (const l of lines) rightEdge.set(l.region, Math.max(rightEdge.get(l.region) ?? 0, l.x1));
  const blocks: Block[] = [];
  let draft: Draft | undefined;
  const path = () => state.headings.map((h) => h.text);
  const flush = () => {
    if (draft && /[\p{L}\p{N}]/u.test(draft.text)) {
      blocks.push({ type: draft.type, text: draft.text, headingPath: path(), page });
    }
    draft = undefined;
  };

  for (const line of lines) {
    // A footnote call left on a row of its own (raised further than a row's tolerance).
    if (/^\d{1,3}$/u.test(line.text) && line.size <= state.bodySize * FOOTNOTE_SIZE_RATIO) continue;
    const { bullet, text: raw } = splitBullet(line.text);
    const text = cleanText(raw);
    if (text === '' && !bullet) continue;
    if (!bullet && isHeading(line, text, state.bodySize)) {
      if (
        draft?.type === 'heading' &&
        Math.abs(draft.size - line.size) < SIZE_EPSILON &&
        line.region === draft.last.region &&
        line.y - draft.last.y <= PDF_BLOCKS.paragraphGapRatio * line.size
      ) {
        // A title drawn twice (a shadow, a bold faked by overprinting) is one title.
        if (text !== draft.text) draft.text = joinLines(draft.text, text);
        draft.last = line;
        state.headings[state.headings.length - 1]!.text = draft.text;
        continue;
      }
      flush();
      while ((state.headings.at(-1)?.size ?? Number.POSITIVE_INFINITY) <= line.size + SIZE_EPSILON) {
        state.headings.pop();
      }
      state.headings.push({ text, size: line.size });
      draft = { type: 'heading', text, last: line, size: line.size };
      continue;
    }
    if (
      !bullet &&
      draft &&
      draft.type !== 'heading' &&
      continues(draft, line, rightEdge.get(line.region) ?? 0)
    ) {
      draft.text = joinLines(draft.text, text);
      draft.last = line;
      continue;
    }
    flush();
    draft = { type: bullet ? 'list-item' : 'paragraph', text, last: line, size: line.size };
  }
  flush();
  return joinLabelledDetails(blocks);
}
