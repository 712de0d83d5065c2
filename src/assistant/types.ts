/**
 * The assistant as the HTTP layer and the command line see it: one object that owns the loaded
 * index, answers, searches, lists documents and re-ingests. `openAssistant` (./index.ts) builds it.
 */

import type { Answer, Citation, Contact, Turn } from '../answer/types.ts';
import type { EmbedderHealth } from '../embedding/health.ts';
import type { ApiEmbedderOptions } from '../embedding/openai-api.ts';
import type { DocumentMeta } from '../ingest/types.ts';

/** A document as listed to residents and agents: its metadata (without the maintainer's note). */
export interface DocumentInfo extends Omit<DocumentMeta, 'note'> {
  id: string;
  /** File name under the corpus. */
  source: string;
  /** PDFs only. */
  pages?: number;
  chunks: number;
  mime: string;
}

export interface SearchOptions {
  k: number;
  /** Document id. */
  document?: string;
  kind?: string;
  /** Four digits: keep documents dated that year. */
  year?: string;
}

/** A ranked passage, with what an agent needs to cite it. */
export interface SearchHit extends Omit<Citation, 'n'> {
  score: number;
  /** Folded query terms found in the excerpt, for highlighting. */
  matchedTerms: string[];
}

export interface Commitment {
  /** Who commits: `État`, `Région`, `Département`, `Alès Agglomération`, `CAF`… or the name as written. */
  partner: string;
  /** `emploi`, `éducation`, `cadre de vie`… */
  theme: string;
  /** The sum the partner brings, in euros, when the sentence states one. */
  amount?: number;
  /** The neighbourhoods it concerns, as the documents name them ([] when none is named). */
  neighbourhoods: string[];
  /** When: `2024`, `2015-2020`, `d'ici 2030`; the document's year when the sentence gives none. */
  date?: string;
  /** The sentence, as the document says it. */
  text: string;
  docId: string;
  source: string;
  title: string;
  page?: number;
  url: string;
}

export interface ReindexReport {
  ok: boolean;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  failed: { source: string; reason: string }[];
  durationMs: number;
}

export interface AssistantService {
  /** True once an index is loaded and questions can be answered. */
  ready(): boolean;
  ask(question: string, history: Turn[]): Promise<Answer>;
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
  documents(): DocumentInfo[];
  /** Absolute path of the original file, only for a known document id (never a path from the client). */
  documentFile(id: string): { path: string; mime: string } | undefined;
  commitments(): Commitment[];
  /** Re-ingests the corpus beside the current index and swaps it in; on failure the current one keeps serving. */
  reindex(): Promise<ReindexReport>;
  /** With an embeddings server (EMBEDDINGS_URL): whether it answers; undefined for an in-process model. */
  embeddingsHealth?(): EmbedderHealth | undefined;
  close(): Promise<void>;
}

/** The assistant as this process holds it: it can say which index version it serves and switch to another. */
export interface LocalAssistant extends AssistantService {
  /** The index folder (`v-…`) answers come from. */
  servedVersion(): string | undefined;
  /**
   * Loads `version` beside the live index, runs `beforeSwap` (the answer threads move to it), then
   * serves it. Throws, still serving the previous one, when it cannot be loaded.
   */
  switchTo(version: string, beforeSwap?: () => Promise<void>): Promise<void>;
}

/** Where residents are sent when the documents don't answer (from configuration). */
export type { Contact };

/** An OpenAI-compatible chat endpoint (Albert API, Mistral, Ollama, vLLM); off when absent. */
export interface GenerativeOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
}

export interface AssistantOptions {
  corpusDir: string;
  /** The index lives in `${dataDir}/index`. */
  indexDir: string;
  modelsDir: string;
  /** `citadoc-ngram-fr` (built here) or a pretrained Transformers.js model id. */
  embeddingModel: string;
  allowRemoteModels: boolean;
  /** Embeddings from a server (EMBEDDINGS_URL) instead of the in-process model. */
  embeddingsApi?: ApiEmbedderOptions;
  ocr: boolean;
  contact: Contact;
  generative?: GenerativeOptions;
  /** Answers kept per loaded index (0: none). */
  answerCacheSize: number;
  /**
   * Ingest the corpus first when no index exists (what `npm start` does on a fresh clone), or when the
   * index was built by another pipeline version or model (after an upgrade).
   */
  ingestIfMissing: boolean;
}
