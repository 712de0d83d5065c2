/**
 * `POST /api/chat` and `POST /api/chat/stream`: a resident's question, with the conversation's
 * earlier turns as history, answered with citations. Each question is written to the store before
 * it is answered, so one that fails still shows in the report as unanswered; a store that cannot
 * write is logged, counted and reported by `/ready`, never a reason to withhold the answer.
 */
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from 'pino';
import type { Answer, Turn } from '../../answer/types.ts';
import type { Store } from '../../store/index.ts';
import { createAnswerGate } from '../answer-gate.ts';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, requireAssistant } from '../assistant-ref.ts';
import { withDeadline } from '../deadline.ts';
import { ApiError, INTERNAL_MESSAGE } from '../errors.ts';
import type { StoreGuard } from '../health/index.ts';
import { type ChatResponse, chatRequestSchema } from '../schemas.ts';
import { splitSentences } from '../sentences.ts';
import { readJsonBody } from '../validate.ts';

/** Enough context for a follow-up ("et pour Les Cévennes ?") without drowning the question. */
const HISTORY_TURNS = 6;
/** A conversation left this long starts afresh: stale context would mislead more than help. */
const CONVERSATION_IDLE_MS = 2 * 60 * 60 * 1000;

export interface ChatRoutesOptions {
  assistant: AssistantRef;
  store: Store;
  /** Every store call goes through it: a store that cannot write never stops an answer. */
  storeGuard: StoreGuard;
  logger: Logger;
  maxQuestionChars: number;
  /** Per answer; the request-wide timeout does not reach into a stream's body. */
  timeoutMs: number;
  maxConcurrentAnswers: number;
}

interface TurnStart {
  conversationId: string;
  answerId: string;
  history: Turn[];
  /** False when the store could not record the question: the answer is not recorded either. */
  stored: boolean;
}

/**
 * Unknown or expired conversation ids start a new conversation rather than failing. A store that
 * cannot write does not stop the answer either: the ids are then made up here (a follow-up starts
 * afresh, feedback on that answer is not found), and the guard logs, counts and reports it.
 */
function beginTurn(
  c: Context<AppEnv>,
  store: Store,
  guard: StoreGuard,
  question: string,
  conversationId?: string | null,
): TurnStart {
  const history = conversationId
    ? guard.attempt(
        'history',
        () => store.history(conversationId, HISTORY_TURNS, CONVERSATION_IDLE_MS),
        () => undefined,
      )
    : undefined;
  let stored = true;
  const unstored = () => {
    stored = false;
    return randomUUID();
  };
  const id =
    history && conversationId
      ? conversationId
      : guard.attempt('startConversation', () => store.startConversation(), unstored);
  const answerId = stored
    ? guard.attempt('recordQuestion', () => store.recordQuestion(id, question), unstored)
    : randomUUID();
  c.set('conversationId', id);
  c.set('answerId', answerId);
  return { conversationId: id, answerId, history: history ?? [], stored };
}

/** Only the documented fields: whatever else the assistant carries stays inside. */
function toResponse(answer: Answer, turn: TurnStart): ChatResponse {
  return {
    answer: answer.answer,
    declined: answer.declined,
    kind: answer.kind,
    citations: answer.citations,
    related: answer.related,
    ...(answer.contact ? { contact: answer.contact } : {}),
    conversationId: turn.conversationId,
    answerId: turn.answerId,
  };
}

export function chatRoutes(options: ChatRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const schema = chatRequestSchema(options.maxQuestionChars);
  const gate = createAnswerGate(options.maxConcurrentAnswers);

  /**
   * Records the question and starts answering it. The gate's slot is held until the assistant
   * really finishes, even past the time limit, since that is how long the work lasts. The answer
   * is recorded only when delivered in time; otherwise the question stays "unanswered".
   */
  async function startTurn(c: Context<AppEnv>, question: string, conversationId?: string | null) {
    const assistant = requireAssistant(options.assistant);
    const release = gate.acquire();
    try {
      const turn = beginTurn(c, options.store, options.storeGuard, question, conversationId);
      const asking = Promise.resolve()
        .then(() => assistant.ask(question, turn.history))
        .finally(release);
      const answer = withDeadline(asking, options.timeoutMs).then((result) => {
        if (turn.stored) {
          options.storeGuard.attempt(
            'recordAnswer',
            () => options.store.recordAnswer(turn.answerId, result),
            () => undefined,
          );
        }
        return result;
      });
      // Awaited by the route; this keeps a client who left early from leaving a rejection unobserved.
      answer.catch(() => {});
      return { turn, answer };
    } catch (error) {
      release();
      throw error;
    }
  }

  app.post('/api/chat', async (c) => {
    const body = await readJsonBody(c, schema);
    const { turn, answer } = await startTurn(c, body.question, body.conversationId);
    return c.json(toResponse(await answer, turn));
  });

  app.post('/api/chat/stream', async (c) => {
    const body = await readJsonBody(c, schema);
    const { turn, answer: answering } = await startTurn(c, body.question, body.conversationId);
    const requestId = c.var.requestId;

    return streamSSE(c, async (stream) => {
      const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
      await send('start', { conversationId: turn.conversationId, answerId: turn.answerId });
      try {
        const answer = await answering;
        for (const text of splitSentences(answer.answer)) await send('delta', { text });
        await send('citations', { citations: answer.citations });
        await send('done', toResponse(answer, turn));
      } catch (error) {
        if (error instanceof ApiError) {
          await send('error', { code: error.code, message: error.message });
          return;
        }
        options.logger.error({ err: error, requestId, route: '/api/chat/stream' }, 'stream failed');
        await send('error', { code: 'internal_error', message: INTERNAL_MESSAGE });
      }
    });
  });

  return app;
}
