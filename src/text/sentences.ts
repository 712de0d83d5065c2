/**
 * French sentence splitting shared by the chunker (cutting an over-long paragraph), the answerer
 * (quoting whole sentences) and the commitments extractor (running text of a list item or paragraph). Abbreviations (`art.`, `n°`, `M.`, `Mme`), initials and roman numerals
 * do not end a sentence; in `splitSentences` a line break (list item, table row, paragraph) always does.
 * A heading glued to the sentence after it (« Les territoires concernés Le projet doit… ») is a
 * sentence of its own (`headings.ts`).
 */
import { gluedHeadingEnd } from './headings.ts';

/** A sentence too long for `longest` is cut at a clause mark no earlier than this share of it. */
const MIN_PIECE_SHARE = 0.5;
/** No cap: a sentence is returned whole, however long. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** Character range `[start, end)`. */
export interface Span {
  start: number;
  end: number;
  /** A heading that was glued to the sentence after it. */
  heading?: boolean;
}

/**
 * Abbreviations after which a period does not end a sentence: legal references (`art. L. 411-2`),
 * civilities (`M.`, `Mme`), and the usual French short forms. Single letters (initials, `L.`, `R.`)
 * and roman numerals (`II.` heading a paragraph of a law) are handled by pattern.
 */
const ABBREVIATIONS = new Set(
  (
    'art arts al alin approx av bd boul c c.-à-d cf chap cie cit coll dép dir dr éd env ex fig hab ibid ' +
    'janv févr avr juil sept oct nov déc mgr mlle mlles mm mme mmes n no nos num p pp pr prof réf sq st ' +
    'ste sté suiv t tél vol vs'
  ).split(' '),
);
const ROMAN_NUMERAL = /^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
/** Sentence-ending punctuation, with closing quotes or brackets that belong to the sentence. */
const SENTENCE_END = /[.!?…]+["»”’)\]]*(?=\s+(\S))/g;
/** What may start a sentence: a capital, a digit, an opening quote or bracket, a dash. */
const SENTENCE_START = /[\p{Lu}\d«"“(\-–—―]/u;
/** Where a sentence too long for any passage may be cut, best first. */
const CLAUSE_BREAKS = [/[;:]\s/g, /,\s/g, /\s/g];

/**
 * Sentences of `text` as spans without surrounding white space; a sentence longer than
 * `longest` is itself cut at clause marks, then at spaces, so any piece can fit a passage.
 */
export function sentenceSpans(text: string, longest: number): Span[] {
  const spans: Span[] = [];
  let start = skipSpaces(text, 0);
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (!SENTENCE_START.test(match[1]!) || isAbbreviation(text, match.index, match[0])) continue;
    for (const span of withoutGluedHeading(text, { start, end })) spans.push(...capSpan(text, span, longest));
    start = skipSpaces(text, end);
  }
  const last = text.trimEnd().length;
  if (start < last) {
    for (const span of withoutGluedHeading(text, { start, end: last }))
      spans.push(...capSpan(text, span, longest));
  }
  return spans;
}

/** A sentence, or the heading glued at its start and the sentence itself. */
function withoutGluedHeading(text: string, span: Span): Span[] {
  const at = gluedHeadingEnd(text.slice(span.start, span.end));
  if (at === undefined) return [span];
  const headingEnd = span.start + text.slice(span.start, span.start + at).trimEnd().length;
  return [
    { start: span.start, end: headingEnd, heading: true },
    { start: span.start + at, end: span.end },
  ];
}

function isAbbreviation(text: string, at: number, punctuation: string): boolean {
  if (punctuation !== '.') return false;
  const word = /[\p{L}\d°.'’-]*$/u.exec(text.slice(Math.max(0, at - 20), at))?.[0] ?? '';
  const bare = word.replace(/^.*['’]/, '');
  return (
    (bare.length === 1 && /\p{L}/u.test(bare)) ||
    ABBREVIATIONS.has(bare.toLowerCase()) ||
    ROMAN_NUMERAL.test(bare) ||
    /^(\p{L}\.-?)+\p{L}$/u.test(bare)
  );
}

function capSpan(text: string, span: Span, longest: number): Span[] {
  const out: Span[] = [];
  let { start } = span;
  while (span.end - start > longest) {
    const window = text.slice(start, start + longest);
    let cut = -1;
    for (const mark of CLAUSE_BREAKS) {
      for (const m of window.matchAll(mark)) if (m.index >= longest * MIN_PIECE_SHARE) cut = m.index + 1;
      if (cut > 0) break;
    }
    const end = cut > 0 ? start + cut : start + longest;
    out.push({ start, end: text.slice(start, end).trimEnd().length + start });
    start = skipSpaces(text, end);
  }
  if (start < span.end) out.push({ ...span, start });
  return out;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/**
 * Sentences of a passage, whole, as the document writes them. A heading glued to a sentence is not
 * part of it, nor a sentence. (A heading on its own line stays: in a PDF, a short label such as
 * « Clés et badges » under « Locataire » is the answer.)
 */
export function splitSentences(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) =>
      sentenceSpans(line, NO_LIMIT)
        .filter((span) => !span.heading)
        .map((span) => line.slice(span.start, span.end)),
    )
    .filter((s) => s.trim().length > 0);
}

/** Sentences of running text whose line breaks only wrap it (a paragraph, a list item). */
export function splitRunningText(text: string): string[] {
  const line = text.replace(/\s+/g, ' ').trim();
  return sentenceSpans(line, NO_LIMIT).map((span) => line.slice(span.start, span.end));
}
