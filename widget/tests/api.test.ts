import { afterEach, describe, expect, it, vi } from 'vitest';
import { askPlain, askStreaming } from '../src/api.ts';
import { ChatError } from '../src/errors.ts';
import { createSseParser } from '../src/sse.ts';
import type { ChatResponse } from '../src/types.ts';

const API = 'https://svc.fr';
const done: ChatResponse = {
  answer: 'Trois quartiers [1].',
  declined: false,
  kind: 'answer',
  citations: [],
  conversationId: 'c1',
  answerId: 'a1',
};

function sse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChatError);
  return (error as ChatError).failure;
}

afterEach(() => vi.unstubAllGlobals());

describe('createSseParser', () => {
  it('joins events split across chunks and skips comments', () => {
    const parse = createSseParser();
    expect(parse(': ping\nevent: delta\ndata: {"te')).toEqual([]);
    expect(parse('xt":"a"}\r\n\r\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'delta', data: '{"text":"a"}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });
});

describe('askStreaming', () => {
  it('reports the text as it streams, then returns the done response', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      sse([
        'event: start\ndata: {"conversationId":"c1","answerId":"a1"}\n\n',
        'event: delta\ndata: {"text":"Trois "}\n\nevent: delta\ndata: {"text":"quartiers"}\n\n',
        `event: done\ndata: ${JSON.stringify(done)}\n\n`,
      ]),
    );
    vi.stubGlobal('fetch', fetch);
    const deltas: string[] = [];
    const result = await askStreaming({
      api: API,
      question: 'Q ?',
      conversationId: 'c0',
      onDelta: (t) => deltas.push(t),
    });
    expect(result).toEqual(done);
    expect(deltas).toEqual(['Trois ', 'Trois quartiers']);
    expect(fetch).toHaveBeenCalledWith(`${API}/api/chat/stream`, expect.objectContaining({ method: 'POST' }));
    expect(JSON.parse(fetch.mock.calls[0]?.[1].body as string)).toEqual({
      question: 'Q ?',
      conversationId: 'c0',
    });
  });

  it('turns an error event into its French message', async () => {
    vi.stubGlobal('fetch', async () => sse(['event: error\ndata: {"code":"x","message":"Échec."}\n\n']));
    expect(await failureOf(askStreaming({ api: API, question: 'Q' }))).toEqual({
      kind: 'stream',
      code: 'x',
      message: 'Échec.',
    });
  });

  it('falls back to the plain route when the stream route is missing', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.endsWith('/stream') ? new Response('', { status: 404 }) : Response.json(done),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await askStreaming({ api: API, question: 'Q' })).toEqual(done);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('askPlain', () => {
  it('reads Retry-After and the error body of a 429', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { error: { code: 'rate_limited', message: 'Trop de questions.' } },
        { status: 429, headers: { 'retry-after': '17' } },
      ),
    );
    expect(await failureOf(askPlain({ api: API, question: 'Q' }))).toEqual({
      kind: 'http',
      status: 429,
      code: 'rate_limited',
      message: 'Trop de questions.',
      retryAfter: 17,
    });
  });

  it('reports a network failure as such', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    expect(await failureOf(askPlain({ api: API, question: 'Q' }))).toEqual({ kind: 'network' });
  });
});
