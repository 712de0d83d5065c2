/**
 * What an index version carries besides its passages, computed once here at ingestion from the
 * whole index: the partners' commitments (src/commitments/). The service used to extract them from
 * every passage each time it loaded a version, on its main thread: 20 s at 100,000 passages, during
 * which no request was answered.
 */
import type { Commitment } from '../assistant/types.ts';
import { COMMITMENTS_EXTRACTOR, type CommitmentSource, extractCommitments } from '../commitments/index.ts';
import type { IndexedDocument } from '../index/manifest.ts';
import type { DerivedData, LoadedIndex } from '../index/store.ts';

/** A document's link, as citations give it: PDFs from the service, web texts from their page. */
export function documentUrl(doc: IndexedDocument): string {
  return doc.mime === 'application/pdf' ? `/documents/${doc.id}` : (doc.meta.url ?? `/documents/${doc.id}`);
}

/** The passages of the index, in label order, with what a commitment's citation needs. */
function commitmentSources(index: LoadedIndex): CommitmentSource[] {
  const documents = new Map(index.manifest.documents.map((d) => [d.id, d]));
  return [...index.chunks.values()].flatMap((chunk) => {
    const doc = documents.get(chunk.docId);
    if (!doc) return [];
    return [
      {
        docId: doc.id,
        source: doc.source,
        title: doc.meta.title,
        url: documentUrl(doc),
        page: chunk.page,
        headingPath: chunk.headingPath,
        text: chunk.text,
        date: doc.meta.date,
      },
    ];
  });
}

export function deriveData(index: LoadedIndex): DerivedData & { commitments: Commitment[] } {
  return { commitments: extractCommitments(commitmentSources(index)) };
}

/** The version of each derived file's code, recorded in the manifest. */
export const DERIVED_VERSIONS = { commitments: COMMITMENTS_EXTRACTOR };
