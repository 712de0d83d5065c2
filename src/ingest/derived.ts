/**
 * What an index version carries besides its passages, computed once here at ingestion: the
 * partners' commitments (src/commitments/). The service used to extract them from every passage
 * each time it loaded a version, on its main thread: 20 s at 100,000 passages, during which no
 * request was answered.
 *
 * Extraction is per document, given the neighbourhood names of the whole corpus (the table of
 * priority neighbourhoods one document may hold). Each document's names and commitments are kept
 * with the version (`commitments-by-document.json`), so an update extracts only the documents it
 * adds or changes; every document is extracted again only when the corpus's neighbourhood names
 * change, or the extractor. The result is the one `extractCommitments` gives on all passages at once.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Commitment } from '../assistant/types.ts';
import {
  COMMITMENTS_EXTRACTOR,
  type CommitmentSource,
  canonicalNeighbourhoods,
  extractDocumentCommitments,
  type Gazetteer,
  gazetteerOf,
  readGazetteer,
  storedCommitmentsSchema,
} from '../commitments/index.ts';
import type { IndexedDocument } from '../index/manifest.ts';
import type { DerivedData, StoredChunk } from '../index/store.ts';

/** A document's link, as citations give it: PDFs from the service, web texts from their page. */
export function documentUrl(doc: IndexedDocument): string {
  return doc.mime === 'application/pdf' ? `/documents/${doc.id}` : (doc.meta.url ?? `/documents/${doc.id}`);
}

/** The version of each derived file's code, recorded in the manifest. */
export const DERIVED_VERSIONS = { commitments: COMMITMENTS_EXTRACTOR };

const namesSchema = z.array(z.object({ name: z.string(), source: z.string(), flags: z.string() }));

/** What one document contributed, as `commitments-by-document.json` keeps it. */
const documentDerivedSchema = z.object({
  checksum: z.string(),
  /** Neighbourhood names its own passages define (a table of priority neighbourhoods). */
  names: namesSchema,
  /** The corpus's names its commitments were extracted with (`namesKey`). */
  namesKey: z.string(),
  commitments: storedCommitmentsSchema,
});

export const byDocumentSchema = z.object({
  extractor: z.string(),
  documents: z.record(z.string(), documentDerivedSchema),
});

export type ByDocument = z.infer<typeof byDocumentSchema>;
type Names = z.infer<typeof namesSchema>;

/** The passages of one document, in label order, with what a commitment's citation needs. */
export function commitmentSources(doc: IndexedDocument, chunks: readonly StoredChunk[]): CommitmentSource[] {
  return chunks.map((chunk) => ({
    docId: doc.id,
    source: doc.source,
    title: doc.meta.title,
    url: documentUrl(doc),
    page: chunk.page,
    headingPath: chunk.headingPath,
    text: chunk.text,
    date: doc.meta.date,
  }));
}

function namesOf(gazetteer: Gazetteer): Names {
  return gazetteer.names.map(({ name, pattern }) => ({ name, source: pattern.source, flags: pattern.flags }));
}

/** The corpus's names, as `readGazetteer` on all texts gives them (a name always has one pattern). */
function unionOf(perDocument: Names[]): Gazetteer {
  const seen = new Map<string, RegExp>();
  for (const names of perDocument) {
    for (const { name, source, flags } of names) {
      if (!seen.has(name)) seen.set(name, new RegExp(source, flags));
    }
  }
  return gazetteerOf(seen);
}

function keyOf(gazetteer: Gazetteer): string {
  const hash = createHash('sha256');
  for (const { name, pattern } of gazetteer.names) hash.update(`${name}\n${pattern.source}\n`);
  return hash.digest('hex').slice(0, 16);
}

export interface DeriveInput {
  /** The version's documents. */
  documents: readonly IndexedDocument[];
  /** What the version before kept per document, if anything (from a file this code checks). */
  previous?: unknown;
  /** The passages of the documents named, by document id, in label order. */
  passagesOf(docIds: readonly string[]): Promise<Map<string, StoredChunk[]>>;
}

/** The derived data of a version, extracting again only what its documents' changes require. */
export async function deriveData(
  input: DeriveInput,
): Promise<DerivedData & { commitments: Commitment[]; byDocument: ByDocument }> {
  const parsed = byDocumentSchema.safeParse(input.previous);
  const kept =
    parsed.success && parsed.data.extractor === COMMITMENTS_EXTRACTOR ? parsed.data.documents : undefined;
  // In label order, as extraction over all passages meets them.
  const documents = input.documents
    .filter((d) => d.labels.length > 0)
    .sort((a, b) => Math.min(...a.labels) - Math.min(...b.labels));
  const reusable = (doc: IndexedDocument) => {
    const entry = kept?.[doc.id];
    return entry && entry.checksum === doc.checksum ? entry : undefined;
  };
  const passages = await input.passagesOf(documents.filter((d) => !reusable(d)).map((d) => d.id));
  const names = new Map(
    documents.map((doc) => [
      doc.id,
      reusable(doc)?.names ?? namesOf(readGazetteer((passages.get(doc.id) ?? []).map((c) => c.text))),
    ]),
  );
  const gazetteer = unionOf(documents.map((d) => names.get(d.id)!));
  const namesKey = keyOf(gazetteer);
  const stale = documents.filter((d) => reusable(d)?.namesKey !== namesKey && !passages.has(d.id));
  for (const [id, chunks] of await input.passagesOf(stale.map((d) => d.id))) passages.set(id, chunks);

  const byDocument: ByDocument = { extractor: COMMITMENTS_EXTRACTOR, documents: {} };
  const all: Commitment[] = [];
  for (const doc of documents) {
    const entry = reusable(doc);
    const commitments =
      entry && entry.namesKey === namesKey
        ? entry.commitments
        : extractDocumentCommitments(commitmentSources(doc, passages.get(doc.id) ?? []), gazetteer);
    byDocument.documents[doc.id] = {
      checksum: doc.checksum,
      names: names.get(doc.id)!,
      namesKey,
      commitments,
    };
    all.push(...commitments);
  }
  return { commitments: canonicalNeighbourhoods(all), byDocument };
}
