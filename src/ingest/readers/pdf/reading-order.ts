/**
 * Puts a page's segments in the order a person reads them, column by column, with a recursive
 * X-Y cut: split at a white vertical strip that runs through the whole region (a gutter), else cut
 * the region into horizontal bands, regroup the consecutive bands that share a gutter (a two-column
 * stretch between full-width titles) and split those at it. Each final region (a "leaf") is read top
 * to bottom, and the segments of one row within it are joined back into a line.
 */
import { PDF_LAYOUT } from './config.ts';
import type { Segment } from './page-rows.ts';

/** One line of text in reading order. */
export interface PdfLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** The column it was read in: lines of one column stretch share it, a new column gets a new one. */
  region: number;
  /** The line opens a footnote. */
  noteStart?: boolean;
}

interface Interval {
  from: number;
  to: number;
}

const top = (s: Segment) => s.y - PDF_LAYOUT.ascent * s.size;
const bottom = (s: Segment) => s.y + PDF_LAYOUT.descent * s.size;

/** White vertical strips within [from, to] that no segment crosses, at least `minGutter` wide. */
function freeStrips(segments: readonly Segment[], from: number, to: number): Interval[] {
  const spans = [...segments].sort((a, b) => a.x0 - b.x0);
  const strips: Interval[] = [];
  let reach = from;
  for (const s of spans) {
    if (s.x0 - reach >= PDF_LAYOUT.minGutter) strips.push({ from: reach, to: s.x0 });
    reach = Math.max(reach, s.x1);
  }
  if (to - reach >= PDF_LAYOUT.minGutter) strips.push({ from: reach, to });
  return strips;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (to - from >= PDF_LAYOUT.minGutter) out.push({ from, to });
    }
  }
  return out;
}

/** Splits at a strip when both sides are real columns and the evidence is more than chance. */
function splitAt(
  segments: readonly Segment[],
  strips: readonly Interval[],
): [Segment[], Segment[]] | undefined {
  const rows = new Set(segments.map((s) => s.row)).size;
  // One row reads left to right whether it is split or not.
  if (rows === 1) return undefined;
  const bodySize = Math.max(...segments.map((s) => s.size));
  let best: [Segment[], Segment[]] | undefined;
  let bestWidth = 0;
  for (const strip of strips) {
    const width = strip.to - strip.from;
    if (width <= bestWidth) continue;
    if (rows < PDF_LAYOUT.minColumnRows && width < PDF_LAYOUT.wideGutterEm * bodySize) continue;
    const left = segments.filter((s) => s.x1 <= strip.from + 0.5);
    const right = segments.filter((s) => s.x0 >= strip.to - 0.5);
    if (left.length === 0 || right.length === 0) continue;
    const span = (side: Segment[]) => Math.max(...side.map((s) => s.x1)) - Math.min(...side.map((s) => s.x0));
    if (span(left) < PDF_LAYOUT.minColumnWidth || span(right) < PDF_LAYOUT.minColumnWidth) continue;
    best = [left, right];
    bestWidth = width;
  }
  return best;
}

/** Horizontal bands separated by white space across the whole region. */
function bands(segments: readonly Segment[]): Segment[][] {
  const sorted = [...segments].sort((a, b) => top(a) - top(b));
  const out: Segment[][] = [];
  let band: Segment[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (band.length > 0 && top(s) > reach) {
      out.push(band);
      band = [];
    }
    band.push(s);
    reach = Math.max(reach, bottom(s));
  }
  if (band.length > 0) out.push(band);
  return out;
}

interface Leaf {
  segments: Segment[];
  column: number;
}

/** Hands out column numbers in reading order. */
class Columns {
  private last = 0;
  next(): number {
    this.last += 1;
    return this.last;
  }
}

/** White space across the whole width, taller than a paragraph break, ends a column stretch. */
function isSectionBreak(above: Segment[], below: Segment[]): boolean {
  const gap = Math.min(...below.map(top)) - Math.max(...above.map(bottom));
  return gap > PDF_LAYOUT.sectionGapEm * Math.max(...above.map((s) => s.size));
}

function cut(segments: Segment[], column: number, leaves: Leaf[], columns: Columns): void {
  if (segments.length === 0) return;
  const from = Math.min(...segments.map((s) => s.x0));
  const to = Math.max(...segments.map((s) => s.x1));
  const sides = segments.length > 1 ? splitAt(segments, freeStrips(segments, from, to)) : undefined;
  const readSides = ([left, right]: [Segment[], Segment[]]) => {
    cut(left, columns.next(), leaves, columns);
    cut(right, columns.next(), leaves, columns);
  };
  if (sides) {
    readSides(sides);
    return;
  }
  const stack = bands(segments);
  if (stack.length === 1) {
    leaves.push({ segments, column });
    return;
  }
  // Regroup consecutive bands that share a strip; a group split there reads column by column.
  let group: Segment[][] = [];
  let shared: Interval[] = [];
  const flush = () => {
    const members = group.flat();
    const split = group.length > 1 ? splitAt(members, shared) : undefined;
    if (split) readSides(split);
    else for (const band of group) cut(band, column, leaves, columns);
    group = [];
  };
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const band of stack) {
    const strips = freeStrips(band, from, to);
    const bandLeft = Math.min(...band.map((s) => s.x0));
    const bandRight = Math.max(...band.map((s) => s.x1));
    // A shared strip only counts between text on both sides: margins are shared by every band.
    const next = intersect(shared, strips).filter(
      (strip) => strip.from > Math.min(left, bandLeft) && strip.to < Math.max(right, bandRight),
    );
    const previous = group.at(-1);
    const sectionBreak = previous !== undefined && isSectionBreak(previous, band);
    if (group.length > 0 && (next.length === 0 || sectionBreak)) {
      flush();
      [shared, left, right] = [strips, bandLeft, bandRight];
    } else {
      [shared, left, right] = [
        group.length === 0 ? strips : next,
        Math.min(left, bandLeft),
        Math.max(right, bandRight),
      ];
    }
    group.push(band);
  }
  flush();
}

/** Joins the segments of each row in a leaf into lines. */
function leafLines(leaf: Segment[], region: number): PdfLine[] {
  const byRow = new Map<number, Segment[]>();
  for (const s of leaf) byRow.set(s.row, [...(byRow.get(s.row) ?? []), s]);
  return [...byRow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => {
      row.sort((a, b) => a.x0 - b.x0);
      const main = row.reduce((a, b) => (b.text.length > a.text.length ? b : a));
      return {
        text: row.map((s) => s.text).join(' '),
        x0: row[0]!.x0,
        x1: Math.max(...row.map((s) => s.x1)),
        y: main.y,
        size: main.size,
        region,
        ...(row[0]!.noteStart ? { noteStart: true } : {}),
      };
    });
}

/** A page's lines in reading order. */
export function orderLines(segments: Segment[]): PdfLine[] {
  const leaves: Leaf[] = [];
  cut(segments, 0, leaves, new Columns());
  return leaves.flatMap((leaf) => leafLines(leaf.segments, leaf.column));
}
