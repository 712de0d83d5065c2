/**
 * The PDF reader's thresholds, in one place. Distances are in PDF points (1/72 inch) or in "em"
 * (multiples of the font size of the text concerned), so they hold at any page size.
 */

export const PDF_LAYOUT = {
  /** Two text items whose baselines differ by less than this (em) sit on one printed row. */
  rowToleranceEm: 0.45,
  /** Two runs sharing more than this width (em of the smaller) are printed on different rows. */
  rowOverlapEm: 0.3,
  /** A space is inserted between two items on a row when they are further apart than this (em). */
  spaceGapEm: 0.15,
  /**
   * Items further apart than this (em) are separate segments: the gap may be a column gutter.
   * Gutters in the fixtures are about 0.9 em (fixture 04), justified word gaps stay under 0.75 em.
   */
  segmentGapEm: 0.8,
  /** Narrowest white strip (pt) accepted as a gutter between columns. */
  minGutter: 6,
  /** A column is at least this wide (pt): narrower "columns" are bullets or table cells, read by row. */
  minColumnWidth: 60,
  /** A gutter needs this many rows of evidence, unless it is this wide (em) and cannot be chance. */
  minColumnRows: 3,
  wideGutterEm: 1.5,
  /**
   * White space across the whole width taller than this (em) is a section break, not a paragraph
   * break (about 0.7 em in fixture 04): columns above it are read before the ones below.
   */
  sectionGapEm: 1.2,
  /** Share of the font size above / below the baseline used for a row's vertical extent. */
  ascent: 0.75,
  descent: 0.15,
  /** A superscript (footnote call) is smaller than its row by this ratio and raised by this much (em). */
  superscriptSizeRatio: 0.8,
  superscriptRaiseEm: 0.15,
} as const;

export const PDF_BLOCKS = {
  /** A line this much larger than the body text is a heading candidate. */
  headingSizeRatio: 1.15,
  /** Longer "headings" are large-print paragraphs (magazine leads). */
  maxHeadingChars: 160,
  /** A vertical step larger than this (times the font size) between baselines starts a new paragraph. */
  paragraphGapRatio: 1.6,
  /** Lines whose sizes differ by more than this ratio do not belong to one paragraph (captions, notes). */
  sizeChangeRatio: 0.12,
  /** A line ending a sentence this far (em) before its column's right edge closes its paragraph. */
  shortLineEm: 3,
  /**
   * A brochure's label and its details, joined (blocks.ts): a label this short or shorter, details
   * each this short or shorter. Longer, they are sentences of their own.
   */
  maxLabelChars: 60,
  maxDetailChars: 80,
} as const;

export const PDF_PAGES = {
  /** Top and bottom share of the page where running headers, footers and page numbers live. */
  marginZone: 0.1,
  /**
   * Top and bottom share where a line repeated at the very same place (same text, position to the
   * point) on as many pages is a running title, though below the margin.
   */
  runningTitleZone: 0.2,
  /** « The very same place »: baseline and left edge within this many points. */
  samePlacePoints: 2,
  /** A margin line repeated on this share of the pages (and on 2 pages at least) is a running header. */
  repeatShare: 0.4,
  /** Fewer letters or digits than this, with an image on the page, means a scan without a text layer. */
  minTextChars: 10,
} as const;

export const PDF_OCR = {
  /** Render scale for OCR: 72 dpi × 3 ≈ 216 dpi, enough for body text without slowing tesseract much. */
  renderScale: 3,
  /** Words tesseract is less sure of than this (0-100) are dropped: stamps and signatures give noise. */
  minWordConfidence: 30,
} as const;

/**
 * The warning of a scanned page read without OCR: the next ingestion with OCR reads the file again.
 * Here, not in ../pdf.ts, so that the ingestion (and the service, which imports it) can check it
 * without loading pdf.js, which the PDF reader loads only when there is a PDF to read.
 */
export const UNREAD_SCAN = "aucune couche texte (scan) — activez l'OCR";
