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

/** Where a resident can ask a person: the service's `CONTACT_*` settings. */
export interface Contact {
  name: string;
  url?: string;
  email?: string;
  phone?: string;
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
  /**
   * With a decline, who to ask instead, as data a client makes links of (the text names them too,
   * in plain words). Absent otherwise, and from services older than this field.
   */
  contact?: Contact;
}

/** An earlier turn of the same conversation, oldest first. */
export interface Turn {
  question: string;
  answer?: string;
}
