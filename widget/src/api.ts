/** The service's three routes, with every failure turned into a `ChatError` the view can explain. */
import { ChatError, type ChatFailure, parseRetryAfter, readErrorBody } from './errors.ts';
import { createSseParser } from './sse.ts';
import type { ChatResponse, Citation, Rating } from './types.ts';

/** Answers take a few seconds; past this the resident is told to retry rather than left waiting. */
const ANSWER_TIMEOUT_MS = 90_000;

export interface AskOptions {
  api: string;
  question: string;
  conversationId?: string;
  /** Called with the text streamed so far. */
  onDelta?: (textSoFar: string) => void;
}

async function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new ChatError(signal?.aborted ? { kind: 'timeout' } : { kind: 'network' });
  }
  if (!response.ok) throw new ChatError(await httpFailure(response));
  return response;
}

async function httpFailure(response: Response): Promise<ChatFailure> {
  const body = await response.json().catch(() => undefined);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return {
    kind: 'http',
    status: response.status,
    ...readErrorBody(body),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}

function isChatResponse(value: unknown): value is ChatResponse {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.answer === 'string' && Array.isArray(v.citations) && typeof v.answerId === 'string';
}

function body(options: AskOptions) {
  return {
    question: options.question,
    ...(options.conversationId ? { conversationId: options.conversationId } : {}),
  };
}

export async function askPlain(options: AskOptions, signal?: AbortSignal): Promise<ChatResponse> {
  const response = await post(`${options.api}/api/chat`, body(options), signal);
  const data: unknown = await response.json().catch(() => undefined);
  if (!isChatResponse(data)) throw new ChatError({ kind: 'http', status: 502 });
  return data;
}

/**
 * Streams the answer. If the stream route is missing or breaks before anything was shown, falls
 * back to the plain route, so a proxy that buffers SSE costs speed, not the answer.
 */
export async function askStreaming(options: AskOptions, signal?: AbortSignal): Promise<ChatResponse> {
  let response: Response;
  try {
    response = await post(`${options.api}/api/chat/stream`, body(options), signal);
  } catch (error) {
    const failure = error instanceof ChatError ? error.failure : undefined;
    if (failure?.kind === 'http' && (failure.status === 404 || failure.status === 405)) {
      return askPlain(options, signal);
    }
    throw error;
  }
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    const data: unknown = await response.json().catch(() => undefined);
    if (isChatResponse(data)) return data;
    throw new ChatError({ kind: 'http', status: 502 });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parse = createSseParser();
  let text = '';
  let citations: Citation[] = [];
  let ids: { conversationId?: string; answerId?: string } = {};
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parse(value)) {
        const data = JSON.parse(event.data) as Record<string, unknown>;
        if (event.event === 'start') ids = data as typeof ids;
        else if (event.event === 'delta' && typeof data.text === 'string') {
          text += data.text;
          options.onDelta?.(text);
        } else if (event.event === 'citations' && Array.isArray(data.citations)) {
          citations = data.citations as Citation[];
        } else if (event.event === 'done' && isChatResponse(data)) return data;
        else if (event.event === 'error') {
          throw new ChatError({ kind: 'stream', ...readErrorBody({ error: data }) });
        }
      }
    }
  } catch (error) {
    if (error instanceof ChatError) throw error;
    throw new ChatError(signal?.aborted ? { kind: 'timeout' } : { kind: 'network' });
  } finally {
    reader.releaseLock();
  }
  // The stream ended without `done`: keep what arrived if it is a whole answer.
  if (text && ids.answerId) {
    return {
      answer: text,
      declined: false,
      kind: 'answer',
      citations,
      conversationId: ids.conversationId ?? '',
      answerId: ids.answerId,
    };
  }
  throw new ChatError({ kind: 'network' });
}

export function ask(options: AskOptions & { stream: boolean }): Promise<ChatResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ANSWER_TIMEOUT_MS);
  const run = options.stream ? askStreaming : askPlain;
  return run(options, controller.signal).finally(() => clearTimeout(timer));
}

export async function sendFeedback(api: string, answerId: string, rating: Rating): Promise<void> {
  await post(`${api}/api/feedback`, { answerId, rating });
}
