/** Commitments of the partners of a contrat de ville, extracted from indexed passages (pure, no I/O). */
export type { CommitmentSource } from './extract.ts';
export { canonicalNeighbourhoods, extractCommitments, extractDocumentCommitments } from './extract.ts';
export { type Gazetteer, gazetteerOf, readGazetteer } from './neighbourhoods.ts';
export { COMMITMENTS_EXTRACTOR, storedCommitmentsSchema } from './stored.ts';
