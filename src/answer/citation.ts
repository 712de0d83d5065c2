/**
 * A passage as a citation card: the document's title, page and a link that opens it there
 * (`/documents/<id>#page=N` for PDFs, which browsers' PDF viewers honour). Web texts have no pages:
 * their link opens the service's reading page with the passage highlighted and focused
 * (`/documents/<id>?passage=<start>-<end>#passage`, offsets in the document text: src/http/document-page/).
 */
import type { Passage } from '../retrieval/hybrid.ts';
import type { Citation } from './types.ts';

export function documentLink(
  doc: Passage['doc'],
  passage: Pick<Passage, 'page' | 'start' | 'end'> | undefined,
): string {
  const base = `/documents/${doc.id}`;
  if (doc.mime === 'application/pdf') return `${base}${passage?.page ? `#page=${passage.page}` : ''}`;
  return passage && passage.end > passage.start
    ? `${base}?passage=${passage.start}-${passage.end}#passage`
    : base;
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
    url: documentLink(doc, passage),
    excerpt: passage.text,
    headingPath: passage.headingPath,
    date: doc.meta.date,
  };
}
