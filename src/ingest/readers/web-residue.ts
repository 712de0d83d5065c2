/**
 * What a copied web page leaves around its text, cleaned where it comes in, so no passage and no
 * quoted answer carries it:
 *
 * - page furniture read as text: link or tag lists glued into one word (« NPNRUQuartiersRénovation
 *   urbaine »), breadcrumbs, arrows, buttons (« Lire la suite »), image file names, notices about
 *   the page or the browser, a title repeated just below itself. These blocks are dropped, and
 *   named in the file's warnings. A download's « (PDF - 3,10 Mo) » joins the link's sentence above
 *   it (residents ask how heavy a document is);
 * - headings that lost their markup (src/text/headings.ts): a short line without final punctuation
 *   followed by a sentence becomes a heading block, and a heading glued to the sentence after it
 *   on one line (« Les territoires concernés Le projet doit… ») is cut off into one. Such headings
 *   nest under the document's own (Markdown, HTML) headings, a new one replacing the previous.
 *
 * Shared by the Markdown, HTML and text readers (PDFs have their own layout analysis).
 */
import { foldText } from '../../text/fold.ts';
import { isHeadingLine } from '../../text/headings.ts';
import { sentenceSpans } from '../../text/sentences.ts';
import type { Block } from '../types.ts';

/** A line longer than this is content, whatever it looks like. */
const MAX_RESIDUE_CHARS = 200;
/** Glue points (« QuartiersRénovation ») that make a line a list of links rather than a name (« MaPrimeRénov »). */
const MIN_GLUE_POINTS = 2;
/** …or more, when the line also has the small words of a phrase (« Politique de la villeQuartiers »). */
const MIN_GLUE_POINTS_WITH_PHRASE = 3;
/** Each side of a glue point is a word of its own, not a name's syllable (« Ma|Prime »). */
const MIN_GLUED_PART_CHARS = 3;
/** A breadcrumb or a menu: items of a few words between separators. */
const MIN_BREADCRUMB_SEPARATORS = 2;
const MAX_BREADCRUMB_ITEM_WORDS = 6;
/** A repeated title is dropped when it comes again within this many blocks. */
const REPEAT_WINDOW = 2;
/** Examples quoted in a warning; the count says how many there are. */
const MAX_WARNING_EXAMPLES = 5;
const MAX_EXAMPLE_CHARS = 60;

/** Buttons and links a page shows around its text (compared folded). */
const UI_LABELS = new Set([
  'lire la suite',
  'continuer a lire',
  'en savoir plus',
  'voir plus',
  'voir aussi',
  'partager',
  'imprimer',
  'retour',
  'retour en haut',
  'haut de page',
  'fermer',
  'menu',
  'rechercher',
  'accueil',
  'suivant',
  'precedent',
  'telecharger',
]);
const FILE_NAME = /^[\p{L}\d]+(?:[-_][\p{L}\d]+){2,}(?:\.(?:jpe?g|png|gif|webp|svg|pdf))?$/iu;
/** A download's type and size on a line of its own: « (PDF - 3,10 Mo) ». */
const FILE_INFO = /^\(\s*(?:pdf|docx?|xlsx?|odt|ods|zip)\b[^()]*\d+(?:[.,]\d+)?\s*[kmg]?o\s*\)$/i;
/** A line about the page or the browser showing it, not about the subject. */
const PAGE_NOTICE =
  /\b(?:votre navigateur|javascript|cookies?|(?:contenu|transcription) de (?:la|cette) page)\b/i;
const BREADCRUMB_SEPARATOR = /\s+[›»>/|]\s+/;
/** A lowercase letter, or a capital run, directly followed by a capitalised word; a word followed by a capital run. */
const GLUE_POINT = /(?<=[\p{Ll}’']|\p{Lu}{2})(?=\p{Lu}\p{Ll})|(?<=\p{Ll})(?=\p{Lu}{2})/gu;
const SMALL_WORDS = /\s(?:de|du|des|la|le|les|et|en|à|au|aux|pour|sur|par|un|une)\s/;
const FINAL_PUNCTUATION = /[.!?…:;,]["»”’)]*$/;

export interface CleanedBlocks {
  blocks: Block[];
  warnings: string[];
}

export function cleanWebBlocks(blocks: Block[]): CleanedBlocks {
  const dropped: string[] = [];
  const kept: Block[] = [];
  for (const original of blocks) {
    let block = original;
    // A title repeated just below itself, alone or glued to what follows it.
    const repeated = kept
      .slice(-REPEAT_WINDOW)
      .find((b) => b.text.length <= MAX_RESIDUE_CHARS && startsWithText(block.text, b.text));
    if (block.type === 'paragraph' && repeated) {
      dropped.push(repeated.text);
      block = { ...block, text: block.text.slice(repeated.text.length).trim() };
      if (block.text === '') continue;
    }
    const previous = kept.at(-1);
    if (block.type === 'paragraph' && isPageFurniture(block.text)) dropped.push(block.text);
    else if (
      previous &&
      block.type === 'paragraph' &&
      FILE_INFO.test(block.text) &&
      previous.type !== 'heading'
    ) {
      // The file a link downloads, under it: one sentence « Téléchargez le document (PDF - 3,10 Mo). »
      kept[kept.length - 1] = { ...previous, text: withFileInfo(previous.text, block.text) };
    } else kept.push(block);
  }
  const glued: string[] = [];
  const split = kept.flatMap((block) => splitGluedHeadings(block, glued));
  const warnings: string[] = [];
  if (dropped.length > 0)
    warnings.push(`${dropped.length} reste(s) de mise en page web retiré(s) : ${examples(dropped)}`);
  if (glued.length > 0)
    warnings.push(`${glued.length} titre(s) collé(s) à la phrase suivante, séparé(s) : ${examples(glued)}`);
  return { blocks: nestHeadings(split), warnings };
}

/** True for a line that is navigation, a button, a file name or a notice, not something the page says. */
export function isPageFurniture(text: string): boolean {
  const line = text.trim();
  if (line.length > MAX_RESIDUE_CHARS) return false;
  if (!/[\p{L}\d]/u.test(line)) return true;
  if (UI_LABELS.has(foldText(line).replace(/\s+/g, ' '))) return true;
  // « Les-grands-projets-Rénovation-01 », « photo_quartier.jpg »; not « Saint-Jean-du-Gard ».
  if (FILE_NAME.test(line) && /[_\d.]/.test(line)) return true;
  if (PAGE_NOTICE.test(line)) return true;
  return isLinkRun(line) || isBreadcrumb(line);
}

/** Link or tag texts written one after the other with no space: « ANRUGrand’rue Jean MoulinNPNRUTravaux ». */
export function isLinkRun(line: string): boolean {
  if (FINAL_PUNCTUATION.test(line)) return false;
  const points = [...line.matchAll(GLUE_POINT)].map((m) => m.index);
  let glue = 0;
  let last = 0;
  for (const [i, at] of points.entries()) {
    const before = line.slice(last, at).split(/\s/).at(-1) ?? '';
    const after = line.slice(at, points[i + 1] ?? line.length).split(/\s/)[0] ?? '';
    if (before.length >= MIN_GLUED_PART_CHARS && after.length >= MIN_GLUED_PART_CHARS) glue++;
    last = at;
  }
  return glue >= (SMALL_WORDS.test(` ${line} `) ? MIN_GLUE_POINTS_WITH_PHRASE : MIN_GLUE_POINTS);
}

/** « Accueil › Territoire › Politique de la ville »: short items between separators, no sentence. */
function isBreadcrumb(line: string): boolean {
  if (FINAL_PUNCTUATION.test(line) || line.includes(':')) return false;
  const items = line.split(BREADCRUMB_SEPARATOR);
  return (
    items.length > MIN_BREADCRUMB_SEPARATORS &&
    items.every((item) => item.trim() !== '' && item.trim().split(/\s+/).length <= MAX_BREADCRUMB_ITEM_WORDS)
  );
}

/** A paragraph carrying glued headings becomes heading and paragraph blocks, in order. */
function splitGluedHeadings(block: Block, glued: string[]): Block[] {
  if (block.type !== 'paragraph') return [block];
  const spans = sentenceSpans(block.text, Number.MAX_SAFE_INTEGER);
  if (!spans.some((span) => span.heading)) return [block];
  const out: Block[] = [];
  let from = 0;
  for (const span of spans) {
    if (!span.heading) continue;
    const before = block.text.slice(from, span.start).trim();
    if (before !== '') out.push({ ...block, text: before });
    const heading = block.text.slice(span.start, span.end);
    out.push({ ...block, type: 'heading', text: heading });
    glued.push(heading);
    from = span.end;
  }
  const rest = block.text.slice(from).trim();
  if (rest !== '') out.push({ ...block, text: rest });
  return out;
}

/**
 * Standalone heading lines become heading blocks, and every block under a recognised heading gets it
 * at the end of its heading path, until the document's next heading of its own.
 */
function nestHeadings(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let found: { text: string; under: string[] } | undefined;
  for (const [i, block] of blocks.entries()) {
    const next = blocks[i + 1];
    const cutOff = block.type === 'heading' && !isOwnHeading(block);
    const recognised =
      cutOff ||
      (block.type === 'paragraph' &&
        next !== undefined &&
        // A line with a heading right under it has nothing to head.
        next.type !== 'heading' &&
        isHeadingLine(block.text, next.text));
    if (block.type === 'heading' && !recognised) {
      found = undefined;
      out.push(block);
    } else if (recognised) {
      found = { text: block.text, under: block.headingPath };
      out.push({ ...block, type: 'heading', headingPath: [...block.headingPath, block.text] });
    } else if (found !== undefined && samePath(block.headingPath, found.under)) {
      out.push({ ...block, headingPath: [...block.headingPath, found.text] });
    } else out.push(block);
  }
  return out;
}

/** A heading block written by the reader ends its own heading path; one cut off a paragraph does not yet. */
function isOwnHeading(block: Block): boolean {
  return block.headingPath.at(-1) === block.text;
}

/** « Téléchargez le document cadre. » + « (PDF - 3,10 Mo) » → « Téléchargez le document cadre (PDF - 3,10 Mo). » */
function withFileInfo(text: string, info: string): string {
  const end = /[.!]$/.exec(text)?.[0] ?? '';
  return `${text.slice(0, text.length - end.length)} ${info}${end}`;
}

function startsWithText(text: string, start: string): boolean {
  return text === start || (text.startsWith(start) && /\s/.test(text[start.length] ?? ''));
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function examples(texts: string[]): string {
  const shown = texts
    .slice(0, MAX_WARNING_EXAMPLES)
    .map((t) => `« ${t.length > MAX_EXAMPLE_CHARS ? `${t.slice(0, MAX_EXAMPLE_CHARS)}…` : t} »`);
  return `${shown.join(', ')}${texts.length > MAX_WARNING_EXAMPLES ? '…' : ''}`;
}
