import { describe, expect, it } from 'vitest';
import { createFakeAssistant, createTestApp, postJson, readEvents } from './helpers.ts';

const QUESTION = 'Quand les contrats de ville ont-ils été signés ? Et la refonte ?';

describe('POST /api/chat/stream', () => {
  describe('when the documents support an answer', () => {
    it('streams start, the answer sentence by sentence, citations, then done', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/chat/stream', { question: QUESTION });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');

      const events = await readEvents(response);
      const names = events.map((event) => event.event);
      expect(names[0]).toBe('start');
      expect(names.slice(-2)).toEqual(['citations', 'done']);
      const deltas = events
        .filter((event) => event.event === 'delta')
        .map((event) => (event.data as { text: string }).text);
      expect(deltas.length).toBeGreaterThan(1);

      const done = events.at(-1)?.data as { answer: string; answerId: string; conversationId: string };
      expect(deltas.join('')).toBe(done.answer);
      expect(events[0]?.data).toEqual({ conversationId: done.conversationId, answerId: done.answerId });
      expect(events.at(-2)?.data).toEqual({ citations: [expect.anything(), expect.anything()] });
    });
  });

  describe('when the assistant fails mid-answer', () => {
    it('sends a sanitized error event', async () => {
      const assistant = createFakeAssistant({
        ask: async () => {
          throw new Error('SQLITE_CORRUPT at /srv/citadoc/data/index');
        },
      });
      const { app, logs } = createTestApp({ assistant });
      const events = await readEvents(await postJson(app, '/api/chat/stream', { question: QUESTION }));
      expect(events.map((event) => event.event)).toEqual(['start', 'error']);
      expect(events[1]?.data).toEqual({
        code: 'internal_error',
        message: expect.stringMatching(/erreur interne/),
      });
      expect(JSON.stringify(events)).not.toMatch(/SQLITE|\/srv/);
      expect(logs.some((line) => line.msg === 'stream failed')).toBe(true);
    });
  });

  describe('when the answer takes longer than the time limit', () => {
    it('sends a timeout error event', async () => {
      const assistant = createFakeAssistant({ ask: () => new Promise(() => {}) });
      const { app } = createTestApp({ assistant, env: { REQUEST_TIMEOUT_MS: '50' } });
      const events = await readEvents(await postJson(app, '/api/chat/stream', { question: QUESTION }));
      expect(events[1]).toEqual({
        event: 'error',
        data: { code: 'timeout', message: expect.stringMatching(/trop de temps/) },
      });
    });
  });

  describe('when the question is invalid', () => {
    it('answers a JSON 400 before any stream starts', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/chat/stream', { question: '' });
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe('question');
    });
  });
});
