/**
 * Turns pdf.js text items into printed rows and, within a row, into segments: runs of text with no
 * wide gap, so that two columns sharing a baseline stay apart until reading order is decided.
 * Coordinates are the page viewport's (origin top-left, y downward), so rotated pages read upright.
 */
import { PDF_LAYOUT } from './config.ts';

/** One pdf.js text item placed on the page. */
export interface TextRun {
  text: string;
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  width: number;
  size: number;
}

/** A stretch of one row with no gap wide enough to be a gutter. */
export interface Segment {
  text: string;
  x0: number;
  x1: number;
  /** Baseline of its row. */
  y: number;
  /** Font size, weighted by characters. */
  size: number;
  /** Index of its row on the page, top to bottom. */
  row: number;
  /** The row opens with a footnote number (`¹ Loi n° …`): a note starts here. */
  noteStart?: boolean;
}

/** The subset of pdf.js's `TextItem` this module reads. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: number[]): Matrix {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = n;
  return [
    m[0] * a + m[2] * b,
    m[1] * a + m[3] * b,
    m[0] * c + m[2] * d,
    m[1] * c + m[3] * d,
    m[0] * e + m[2] * f + m[4],
    m[1] * e + m[3] * f + m[5],
  ];
}

/** Places items on the page; drops blank and rotated ones (vertical margin notes would cut across rows). */
export function placeRuns(items: readonly PdfTextItem[], viewport: readonly number[]): TextRun[] {
  const runs: TextRun[] = [];
  const view = viewport as Matrix;
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const m = multiply(view, item.transform);
    // Upright text has no rotation term; a shear term (m[2]) is only a synthetic italic.
    const size = Math.abs(m[3]);
    if (size === 0 || m[0] <= 0 || Math.abs(m[1]) > 0.01 * size) continue;
    runs.push({ text: item.str, x: m[4], y: m[5], width: item.width, size });
  }
  return runs;
}

/** The size that most characters are set in (the body text), rounded to half a point. */
export function dominantSize(runs: Iterable<{ text: string; size: number }>): number {
  const weight = new Map<number, number>();
  for (const run of runs) {
    const size = Math.round(run.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + run.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) [best, bestWeight] = [size, w];
  }
  return best;
}

/** Footnote calls (small raised digits glued to a word) would read as part of the word: `RESILIENCE1`. */
function isFootnoteCall(run: TextRun, rowY: number, rowSize: number): boolean {
  return (
    /^\d{1,3}\*?$/.test(run.text.trim()) &&
    run.size <= rowSize * PDF_LAYOUT.superscriptSizeRatio &&
    rowY - run.y >= rowSize * PDF_LAYOUT.superscriptRaiseEm
  );
}

interface Row {
  runs: TextRun[];
  noteStart: boolean;
}

/**
 * Two runs printed over the same stretch of the page are on two rows, however close their baselines:
 * beside a large heading, whose size widens the row's tolerance, two body lines of the next column
 * were read as one row, their words interleaved and glued (« Implantéedepuis », a magazine page).
 * The same text drawn twice a hair apart (fake bold) is one run, not a second row.
 */
function coversSameSpan(a: TextRun, b: TextRun): boolean {
  if (a.text === b.text && Math.abs(a.x - b.x) < 1) return false;
  const shared = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return shared > PDF_LAYOUT.rowOverlapEm * Math.min(a.size, b.size);
}

/** Groups runs into rows by baseline, top to bottom, each row's runs left to right. */
function groupRows(runs: TextRun[]): Row[] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: TextRun[][] = [];
  let row: TextRun[] = [];
  let rowY = 0;
  let rowSize = 0;
  for (const run of sorted) {
    if (
      row.length > 0 &&
      run.y - rowY <= PDF_LAYOUT.rowToleranceEm * Math.max(run.size, rowSize) &&
      !row.some((other) => coversSameSpan(run, other))
    ) {
      row.push(run);
      // The row's baseline is its largest text's: superscripts sit above it.
      if (run.size > rowSize) [rowY, rowSize] = [run.y, run.size];
      continue;
    }
    if (row.length > 0) rows.push(row);
    row = [run];
    [rowY, rowSize] = [run.y, run.size];
  }
  if (row.length > 0) rows.push(row);
  return rows.map((r) => {
    const main = r.reduce((a, b) => (b.size > a.size ? b : a));
    const sorted = r.sort((a, b) => a.x - b.x);
    const kept = sorted.filter((run) => !isFootnoteCall(run, main.y, main.size));
    return { runs: kept, noteStart: kept[0] !== sorted[0] };
  });
}

/** Joins runs into text, adding a space where the gap between them shows one. */
function joinRuns(runs: TextRun[]): string {
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    const gap = run.x - end;
    if (text !== '' && !/\s$/.test(text) && !/^\s/.test(run.text) && gap > PDF_LAYOUT.spaceGapEm * run.size) {
      text += ' ';
    }
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  return text.replace(/\s+/g, ' ').trim();
}

function toSegment(runs: TextRun[], row: number, y: number): Segment {
  const first = runs[0]!;
  return {
    text: joinRuns(runs),
    x0: first.x,
    x1: Math.max(...runs.map((r) => r.x + r.width)),
    y,
    size: dominantSize(runs),
    row,
  };
}

/** Rows cut into segments at gaps wide enough to be a gutter. */
export function segmentRows(runs: TextRun[]): Segment[] {
  const segments: Segment[] = [];
  groupRows(runs).forEach(({ runs: row, noteStart }, index) => {
    if (row.length === 0) return;
    const main = row.reduce((a, b) => (b.size > a.size ? b : a));
    const first = segments.length;
    let current: TextRun[] = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const run of row) {
      // Fake bold: the same text drawn twice a hair apart.
      const last = current.at(-1);
      if (last && last.text === run.text && Math.abs(last.x - run.x) < 1) continue;
      if (current.length > 0 && run.x - end > PDF_LAYOUT.segmentGapEm * Math.max(run.size, last?.size ?? 0)) {
        segments.push(toSegment(current, index, main.y));
        current = [];
      }
      current.push(run);
      end = Math.max(end, run.x + run.width);
    }
    if (current.length > 0) segments.push(toSegment(current, index, main.y));
    if (noteStart && segments[first]) segments[first].noteStart = true;
  });
  return segments.filter((s) => s.text !== '');
}
