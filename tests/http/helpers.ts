/**
 * What the HTTP tests share: a small, honest fake assistant over two real corpus files, a config
 * built the way the service builds it, and an app with an in-memory store and a captured log.
 */
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Answer, Citation, Turn } from '../../src/answer/types.ts';
import type {
  AssistantService,
  DocumentInfo,
  ReindexReport,
  SearchHit,
  SearchOptions,
} from '../../src/assistant/types.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type App, createApp } from '../../src/http/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const corpusFile = (name: string) => fileURLToPath(new URL(`../../corpus/${name}`, import.meta.url));

export const CONTRACT_DOC: DocumentInfo = {
  id: 'contrat-de-ville',
  source: 'ales-fr_politique-de-la-ville_contrat-de-ville.md',
  title: 'Contrat de ville – Alès Agglomération',
  url: 'https://ales.fr/territoire/politique-de-la-ville/contrat-de-ville',
  date: '2023',
  kind: 'web',
  excerpt: false,
  chunks: 1,
  mime: 'text/markdown',
};

export const GUIDE_DOC: DocumentInfo = {
  id: 'guide-reparations',
  source: 'guide-reparations-locatives_qui-repare-qui-entretient.pdf',
  title: 'Qui répare, qui entretient ?',
  kind: 'guide',
  excerpt: false,
  pages: 9,
  chunks: 1,
  mime: 'application/pdf',
};

interface Passage {
  doc: DocumentInfo;
  page?: number;
  text: string;
}

const PASSAGES: Passage[] = [
  {
    doc: CONTRACT_DOC,
    text: 'Trois contrats de ville ont été élaborés et signés à l’échelle de l’arrondissement d’Alès au cours de l’année 2015.',
  },
  {
    doc: CONTRACT_DOC,
    text: 'La refonte des contrats de ville entre en vigueur le 1er janvier 2024 et repose sur trois piliers.',
  },
  { doc: GUIDE_DOC, page: 3, text: 'Le locataire entretient les robinets et remplace les joints.' },
];

const words = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 4);

function matching(query: string): Passage[] {
  const wanted = new Set(words(query));
  return PASSAGES.filter((passage) => words(passage.text).some((word) => wanted.has(word)));
}

function toCitation(passage: Passage, n: number): Citation {
  return {
    n,
    source: passage.doc.source,
    docId: passage.doc.id,
    title: passage.doc.title,
    ...(passage.page ? { page: passage.page } : {}),
    url: passage.page ? `/documents/${passage.doc.id}#page=${passage.page}` : (passage.doc.url ?? ''),
    excerpt: passage.text,
    headingPath: [],
  };
}

export interface FakeAssistant extends AssistantService {
  /** Every `ask`, with the history it was given. */
  asked: { question: string; history: Turn[] }[];
  setReady(ready: boolean): void;
}

/**
 * Answers from the passages that share a word of five letters or more with the question, declines
 * otherwise, greets back on a greeting; each method can be replaced to fail or wait.
 */
export function createFakeAssistant(overrides: Partial<AssistantService> = {}): FakeAssistant {
  let ready = true;
  const asked: FakeAssistant['asked'] = [];
  const fake: FakeAssistant = {
    asked,
    setReady: (value) => {
      ready = value;
    },
    ready: () => ready,
    async ask(question, history) {
      asked.push({ question, history });
      if (/^(bonjour|merci)\b/i.test(question)) {
        return {
          answer: 'Bonjour ! Posez votre question sur le Contrat de ville.',
          declined: false,
          kind: 'smalltalk',
          citations: [],
          related: [],
        };
      }
      const found = matching(question);
      if (found.length === 0) {
        return {
          answer:
            "Les documents ne répondent pas à cette question. Contactez le Service Politique de la ville d'Alès Agglomération.",
          declined: true,
          kind: 'declined',
          citations: [],
          related: [],
        } satisfies Answer;
      }
      const citations = found.map((passage, i) => toCitation(passage, i + 1));
      return {
        answer: citations.map((citation) => `${citation.excerpt} [${citation.n}]`).join(' '),
        declined: false,
        kind: 'answer',
        citations,
        related: [],
      };
    },
    async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
      return matching(query)
        .filter((passage) => !options.document || passage.doc.id === options.document)
        .slice(0, options.k)
        .map((passage, i) => {
          const { n: _n, ...citation } = toCitation(passage, i + 1);
          return { ...citation, score: 1 / (i + 1), matchedTerms: words(query) };
        });
    },
    documents: () => [CONTRACT_DOC, GUIDE_DOC],
    documentFile(id) {
      const doc = [CONTRACT_DOC, GUIDE_DOC].find((candidate) => candidate.id === id);
      return doc && { path: corpusFile(doc.source), mime: doc.mime };
    },
    commitments: () => [],
    async reindex(): Promise<ReindexReport> {
      return { ok: true, added: 0, changed: 1, unchanged: 1, removed: 0, failed: [], durationMs: 5 };
    },
    async close() {},
    ...overrides,
  };
  return fake;
}

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...env });
}

export interface TestApp {
  app: App;
  store: Store;
  assistant: FakeAssistant;
  /** Everything the app logged, one parsed JSON object a line. */
  logs: Record<string, unknown>[];
}

export function createTestApp(
  options: {
    env?: Record<string, string>;
    assistant?: FakeAssistant;
    widgetDir?: string;
    store?: Store;
  } = {},
): TestApp {
  const config = testConfig(options.env);
  const store = options.store ?? openStore({ path: ':memory:' });
  const assistant = options.assistant ?? createFakeAssistant();
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const app = createApp({ config, assistant, store, logger, widgetDir: options.widgetDir });
  return { app, store, assistant, logs };
}

export function postJson(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE body into its events, with their data parsed. */
export async function readEvents(response: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event =
        lines
          .find((line) => line.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
