/**
 * The console's test fixtures: a fake AssistantService (fixed documents, hits, commitments; records
 * searches), the routes mounted as the main app mounts them (client key included), the whole
 * service around them for browser tests, and the socket address a request comes from.
 */
import { Hono } from 'hono';
import pino from 'pino';
import type {
  AssistantService,
  Commitment,
  DocumentInfo,
  SearchHit,
  SearchOptions,
} from '../../assistant/types.ts';
import { loadConfig, type TrustProxy } from '../../config.ts';
import { openStore } from '../../store/index.ts';
import { type App, createApp } from '../app.ts';
import type { AppEnv } from '../app-env.ts';
import { createClientKeyer } from '../client-key.ts';
import { createErrorHandler } from '../errors.ts';
import { createProxyTrust } from '../proxy-trust.ts';
import { createRequestOrigins } from '../request-origin.ts';
import { type AgentRoutesDeps, createAgentRoutes } from './index.ts';

export const DOCUMENTS: DocumentInfo[] = [
  {
    id: 'cdv-2024',
    source: 'contrat-de-ville-2024.pdf',
    title: 'Contrat de ville 2024-2030',
    date: '2024-03',
    kind: 'contract',
    excerpt: false,
    pages: 80,
    chunks: 120,
    mime: 'application/pdf',
  },
  {
    id: 'loi-2014',
    source: 'loi.md',
    title: 'Loi n° 2014-173',
    date: '2014-02-21',
    kind: 'law',
    excerpt: true,
    chunks: 30,
    mime: 'text/markdown',
  },
];

export const HIT: SearchHit = {
  source: 'contrat-de-ville-2024.pdf',
  docId: 'cdv-2024',
  title: 'Contrat de ville 2024-2030',
  page: 12,
  url: '/documents/cdv-2024#page=12',
  excerpt:
    'L’État mobilisera les crédits de la politique de la ville pour la rénovation urbaine des Prés Saint-Jean.',
  headingPath: ['Engagements de l’État'],
  score: 0.82,
  matchedTerms: ['etat', 'renovation'],
};

export const COMMITMENTS: Commitment[] = [
  {
    partner: 'État',
    theme: 'cadre de vie et renouvellement urbain',
    amount: 52_000_000,
    neighbourhoods: ['Près Saint-Jean', 'Cévennes'],
    date: '2024',
    text: 'L’État mobilisera les crédits; pour la "rénovation" urbaine.',
    docId: 'cdv-2024',
    source: 'contrat-de-ville-2024.pdf',
    title: 'Contrat de ville 2024-2030',
    page: 12,
    url: '/documents/cdv-2024#page=12',
  },
  {
    partner: 'CAF',
    theme: 'cohésion sociale',
    neighbourhoods: [],
    text: 'La CAF s’engage à : financer les postes d’adultes-relais',
    docId: 'cdv-2024',
    source: 'contrat-de-ville-2024.pdf',
    title: 'Contrat de ville 2024-2030',
    page: 14,
    url: '/documents/cdv-2024#page=14',
  },
  {
    partner: 'État',
    theme: 'éducation',
    amount: 537_500,
    neighbourhoods: ['Tamaris'],
    date: '2015-2020',
    text: '=HYPERLINK("x") L’État déploiera la Cité éducative.',
    docId: 'cdv-2015',
    source: 'cdv-2015.md',
    title: 'Contrat de ville 2015-2020',
    url: 'https://ales.fr/contrat',
  },
];

export interface FakeAssistant extends AssistantService {
  searches: { query: string; options: SearchOptions }[];
}

export function fakeAssistant(options: { ready?: boolean } = {}): FakeAssistant {
  const searches: FakeAssistant['searches'] = [];
  return {
    searches,
    ready: () => options.ready ?? true,
    ask: async () => ({ answer: '', declined: true, kind: 'declined', citations: [], related: [] }),
    search: async (query, searchOptions) => {
      searches.push({ query, options: searchOptions });
      return /renov|etat/i.test(query.normalize('NFD').replace(/\p{M}/gu, '')) ? [HIT] : [];
    },
    documents: () => DOCUMENTS,
    documentFile: () => undefined,
    commitments: () => COMMITMENTS,
    reindex: async () => ({
      ok: true,
      added: 0,
      changed: 0,
      unchanged: 0,
      removed: 0,
      failed: [],
      durationMs: 0,
    }),
    close: async () => {},
  };
}

export type AgentTestDeps = Omit<AgentRoutesDeps, 'assistant' | 'origins'> & {
  assistant: FakeAssistant;
  trustProxy?: TrustProxy;
  publicUrl?: string;
};

/** The routes under an app with the service's error handler, so errors answer as in production. */
export function agentTestApp({ trustProxy = false, publicUrl, ...deps }: AgentTestDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const proxy = createProxyTrust(trustProxy);
  const clientKey = createClientKeyer(proxy);
  app.onError(createErrorHandler(pino({ level: 'silent' })));
  app.use('*', async (c, next) => {
    c.set('clientKey', clientKey(c));
    await next();
  });
  app.route('/', createAgentRoutes({ ...deps, origins: createRequestOrigins({ proxy, publicUrl }) }));
  return app;
}

/** The whole service (security headers and all) with the console open and a fake assistant. */
export function serviceTestApp(assistant: FakeAssistant, env: Record<string, string>): App {
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...env });
  const store = openStore({ path: ':memory:' });
  return createApp({ config, assistant, store, logger: pino({ level: 'silent' }) });
}

/** The binding @hono/node-server passes, for `app.request`: only the socket's address is read. */
export function peer(remoteAddress: string): AppEnv['Bindings'] {
  return { incoming: { socket: { remoteAddress } } } as unknown as AppEnv['Bindings'];
}
