/**
 * A passage as a citation card: the document's title, page and a link that opens it there
 * (`/documents/<id>#page=N` for PDFs, which browsers' PDF viewers honour; the source page for web
 * texts, which have no pages).
 */
import type { Passage } from '../retrieval/hybrid.ts';
import type { Citation } from './types.ts';

export function documentLink(doc: Passage['doc'], page: number | undefined): string {
  if (doc.mime === 'application/pdf') return `/documents/${doc.id}${page ? `#page=${page}` : ''}`;
  return doc.meta.url ?? `/documents/${doc.id}`;
}

export function citationFor(passage: Passage, n: number): Citation {
  const { doc } = passage;
  return {
    n,
    source: doc.source,
    docId: doc.id,
    title: doc.meta.title,
    page: passage.page,
    pageEnd: passage.pageEnd,
    url: documentLink(doc, passage.page),
    excerpt: passage.text,
    headingPath: passage.headingPath,
    date: doc.meta.date,
  };
}
