/** What a resident or an agent gets back: an answer and the passages that prove it. */

export interface Citation {
  /** The number shown in the answer text: `[1]`. */
  n: number;
  /** File name under the corpus, e.g. `loi-2014-173_….md`. */
  source: string;
  docId: string;
  title: string;
  page?: number;
  /** Last page when the passage runs over a page break. */
  pageEnd?: number;
  /** `/documents/<id>#page=N` for PDFs, the source URL for web texts. */
  url: string;
  /** The quoted passage, as the document says it. */
  excerpt: string;
  headingPath: string[];
  date?: string;
}

export interface Answer {
  answer: string;
  declined: boolean;
  /** `smalltalk` for greetings and thanks, answered without retrieval. */
  kind: 'answer' | 'declined' | 'smalltalk';
  citations: Citation[];
  /**
   * With a decline, a passage that covers much of the question though it does not answer it: shown
   * apart, as a document to look at, never as a source of the answer. Empty otherwise.
   */
  related: Citation[];
}

/** An earlier turn of the same conversation, oldest first. */
export interface Turn {
  question: string;
  answer?: string;
}
