/**
 * The shapes that flow through ingestion: a file is read into blocks (with page and heading path),
 * blocks are grouped into chunks, chunks are embedded and indexed. Every shape keeps what a citation
 * needs (document, page, heading path, character offsets), because a passage that has lost its page
 * cannot be cited.
 */

/** What a document says about itself: front matter for Markdown, a sidecar `<file>.meta.json` otherwise. */
export interface DocumentMeta {
  title: string;
  /** Where the original lives (web page, or the PDF's public address). */
  url?: string;
  publisher?: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the source gives it. */
  date?: string;
  /** `web`, `law`, `data`, `guide`, `contract`, `pdf`…: free text, used as a filter. */
  kind: string;
  /** True when the file holds only part of the original (an excerpt). */
  excerpt: boolean;
  note?: string;
}

export type BlockType = 'heading' | 'paragraph' | 'list-item' | 'table-row';

/** One cell of a table row, under its column header (`''` when the column has none). */
export interface TableCell {
  header: string;
  value: string;
}

/** One piece of running text, in reading order. */
export interface Block {
  type: BlockType;
  /** Cleaned text. A table row reads as a sentence: `Code QP030002 : commune Anduze, population 1134.` */
  text: string;
  /** A table row's cells, for a page that shows the row in its table again. */
  cells?: TableCell[];
  /** Headings above this block, outermost first (`['Article 6', 'II']`). A heading block ends with itself. */
  headingPath: string[];
  /** 1-based page, for paged formats (PDF). */
  page?: number;
  /** The text was recognised by OCR. */
  ocr?: boolean;
}

/** How a PDF page yielded its text: its text layer, OCR, or nothing (a scan left unread). */
export type PageStatus = 'text' | 'ocr' | 'scan' | 'empty';

export interface ReadResult {
  /** What the file itself says (front matter, `<title>`, PDF first heading); the sidecar overrides it. */
  meta: Partial<DocumentMeta>;
  blocks: Block[];
  /** Paged formats only: one status per page, index i for page i + 1. */
  pages?: PageStatus[];
  /** Things a maintainer should know that did not stop the read. */
  warnings: string[];
}

export interface ReadOptions {
  /** Recognise pages with no text layer (tesseract.js, French). */
  ocr?: boolean;
}

export type ReadFailure = 'corrupt' | 'encrypted' | 'empty' | 'unreadable' | 'unsupported' | 'binary';

/** A file that cannot be read: a result of ingestion, reported, never fatal to the run. */
export class ReadError extends Error {
  constructor(
    readonly reason: ReadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ReadError';
  }
}

/** A chunk before it belongs to a document. */
export interface ChunkDraft {
  text: string;
  headingPath: string[];
  page?: number;
  /** Last page when the passage crosses a page break. */
  pageEnd?: number;
  /** Character offsets in the document text (its blocks' texts joined by a blank line). */
  start: number;
  end: number;
  ocr?: boolean;
}

export interface Chunk extends ChunkDraft {
  /** `${docId}#${ordinal}` */
  id: string;
  docId: string;
  ordinal: number;
}

export interface ChunkOptions {
  /** A passage a person reads in one glance. */
  targetChars: number;
  /** Never more than this: long paragraphs are cut at sentence ends. */
  maxChars: number;
  /** When a paragraph must be cut, the next piece repeats this much of the end of the previous one. */
  overlapChars: number;
}
