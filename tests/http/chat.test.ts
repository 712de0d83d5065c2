import { describe, expect, it } from 'vitest';
import { createFakeAssistant, createTestApp, postJson } from './helpers.ts';

const QUESTION = 'Quand les contrats de ville ont-ils été signés ?';

describe('POST /api/chat', () => {
  describe('when the documents support an answer', () => {
    it('answers with citations and the ids to follow up and rate', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/chat', { question: `  ${QUESTION}  ` });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ declined: false, kind: 'answer' });
      expect(body.answer).toContain('[1]');
      expect(body.citations[0]).toMatchObject({ n: 1, docId: 'contrat-de-ville' });
      expect(body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.answerId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('when no passage supports an answer', () => {
    it('declines and says whom to contact', async () => {
      const { app } = createTestApp();
      const body = await (
        await postJson(app, '/api/chat', { question: 'Quel temps fera-t-il demain ?' })
      ).json();
      expect(body).toMatchObject({ declined: true, kind: 'declined', citations: [], related: [] });
      expect(body.answer).toContain('Politique de la ville');
    });

    it('passes on the document the assistant offers to look at, apart from the citations', async () => {
      const related = {
        n: 1,
        source: 'contrat.md',
        docId: 'contrat',
        title: 'Contrat de ville',
        url: 'https://ales.fr/contrat-de-ville',
        excerpt: 'Le contrat de ville engage les partenaires.',
        headingPath: [],
      };
      const assistant = createFakeAssistant({
        ask: async () => ({
          answer: 'Je ne sais pas.',
          declined: true,
          kind: 'declined',
          citations: [],
          related: [related],
        }),
      });
      const { app } = createTestApp({ assistant });
      const body = await (await postJson(app, '/api/chat', { question: 'Le contrat change quoi ?' })).json();
      expect(body).toMatchObject({ declined: true, citations: [], related: [related] });
    });
  });

  describe('when a follow-up names its conversation', () => {
    it('passes the earlier turns, oldest first, as history', async () => {
      const { app, assistant } = createTestApp();
      const first = await (await postJson(app, '/api/chat', { question: QUESTION })).json();
      await postJson(app, '/api/chat', { question: 'Et la refonte ?', conversationId: first.conversationId });
      const third = await (
        await postJson(app, '/api/chat', {
          question: 'Combien de piliers ?',
          conversationId: first.conversationId,
        })
      ).json();

      expect(third.conversationId).toBe(first.conversationId);
      expect(assistant.asked[2]?.history.map((turn) => turn.question)).toEqual([QUESTION, 'Et la refonte ?']);
      expect(assistant.asked[2]?.history[0]?.answer).toBe(first.answer);
    });
  });

  describe('when the conversation id is unknown or expired', () => {
    it('starts a new conversation instead of failing', async () => {
      const { app, assistant } = createTestApp();
      const stale = '3b241101-e2bb-4255-8caf-4136c566a962';
      const response = await postJson(app, '/api/chat', { question: QUESTION, conversationId: stale });
      expect(response.status).toBe(200);
      expect((await response.json()).conversationId).not.toBe(stale);
      expect(assistant.asked[0]?.history).toEqual([]);
    });
  });

  describe('when the body is not valid JSON', () => {
    it('answers 400 invalid_json', async () => {
      const { app } = createTestApp();
      const response = await app.request('/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"question": "Bonjour"',
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'invalid_json' });
    });
  });

  describe('when the body is not JSON at all', () => {
    it('answers 415', async () => {
      const { app } = createTestApp();
      const response = await app.request('/api/chat', { method: 'POST', body: 'question=Bonjour' });
      expect(response.status).toBe(415);
    });
  });

  describe('when the question is missing, blank or too long', () => {
    it.each([
      ['missing', {}, 'obligatoire'],
      ['blank', { question: '   ' }, 'vide'],
      ['not text', { question: 42 }, 'texte'],
      ['too long', { question: 'a'.repeat(501) }, '500 caractères'],
    ])('answers 400 naming the field (%s)', async (_case, body, words) => {
      const { app, assistant } = createTestApp();
      const response = await postJson(app, '/api/chat', body);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ code: 'invalid_request', field: 'question' });
      expect(error.message).toContain(words);
      expect(assistant.asked).toEqual([]);
    });

    it('follows MAX_QUESTION_CHARS', async () => {
      const { app } = createTestApp({ env: { MAX_QUESTION_CHARS: '20' } });
      const response = await postJson(app, '/api/chat', { question: QUESTION });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain('20 caractères');
    });
  });

  describe('when the conversation id is not a UUID', () => {
    it('answers 400 naming the field', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/chat', { question: QUESTION, conversationId: '../etc' });
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe('conversationId');
    });
  });

  describe('when the body carries unknown fields', () => {
    it('ignores them', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/chat', { question: QUESTION, admin: true, k: 99 });
      expect(response.status).toBe(200);
    });
  });

  describe('when the body is huge', () => {
    it('answers 413 in JSON without reading it all', async () => {
      const { app, assistant } = createTestApp();
      const response = await postJson(app, '/api/chat', { question: 'x'.repeat(10 * 1024 * 1024) });
      expect(response.status).toBe(413);
      expect((await response.json()).error).toMatchObject({ code: 'payload_too_large' });
      expect(assistant.asked).toEqual([]);
    });
  });

  describe('when a client asks too often', () => {
    it('answers 429 with Retry-After and a French message, per client', async () => {
      // One proxy in front: the right-most entry is the one it appended.
      const { app } = createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' } });
      const from = (address: string) => ({ 'X-Forwarded-For': `203.0.113.9, ${address}` });
      expect((await postJson(app, '/api/chat', { question: QUESTION }, from('198.51.100.1'))).status).toBe(
        200,
      );
      expect(
        (await postJson(app, '/api/chat/stream', { question: QUESTION }, from('198.51.100.1'))).status,
      ).toBe(200);
      const limited = await postJson(app, '/api/chat', { question: QUESTION }, from('198.51.100.1'));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error.message).toMatch(/Trop de questions/);
      expect((await postJson(app, '/api/chat', { question: QUESTION }, from('198.51.100.2'))).status).toBe(
        200,
      );
    });

    it('takes the socket address, not X-Forwarded-For, unless TRUST_PROXY is set', async () => {
      const { app } = createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1' } });
      const send = (forwarded: string) =>
        postJson(app, '/api/chat', { question: QUESTION }, { 'X-Forwarded-For': forwarded });
      expect((await send('198.51.100.1')).status).toBe(200);
      expect((await send('198.51.100.2')).status).toBe(429);
    });

    it('never limits when RATE_LIMIT_PER_MINUTE is 0', async () => {
      const { app } = createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
      for (let i = 0; i < 25; i++) {
        expect((await postJson(app, '/api/chat', { question: QUESTION })).status).toBe(200);
      }
    });
  });

  describe('when the index is still loading', () => {
    it('answers 503 with a French message', async () => {
      const assistant = createFakeAssistant();
      assistant.setReady(false);
      const { app } = createTestApp({ assistant });
      const response = await postJson(app, '/api/chat', { question: QUESTION });
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: 'not_ready',
        message: expect.stringMatching(/se prépare/),
      });
    });
  });

  describe('when the answer takes longer than REQUEST_TIMEOUT_MS', () => {
    it('answers a JSON 503 asking to retry', async () => {
      const assistant = createFakeAssistant({ ask: () => new Promise(() => {}) });
      const { app } = createTestApp({ assistant, env: { REQUEST_TIMEOUT_MS: '50' } });
      const response = await postJson(app, '/api/chat', { question: QUESTION });
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/trop de temps/),
      });
    });

    it('reports the question as unanswered even if the answer comes later', async () => {
      const base = createFakeAssistant();
      const assistant = createFakeAssistant({
        ask: (question, history) =>
          new Promise((resolve) => setTimeout(() => resolve(base.ask(question, history)), 100)),
      });
      const { app, store } = createTestApp({ assistant, env: { REQUEST_TIMEOUT_MS: '30' } });
      expect((await postJson(app, '/api/chat', { question: QUESTION })).status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(store.report(1).unanswered.map((group) => group.question)).toEqual([QUESTION]);
    });
  });

  describe('when MAX_CONCURRENT_ANSWERS answers are already being computed', () => {
    it('turns the next question away at once with 503 busy, then accepts again', async () => {
      let finish!: () => void;
      const base = createFakeAssistant();
      const assistant = createFakeAssistant({
        ask: (question, history) =>
          new Promise((resolve) => {
            finish = () => resolve(base.ask(question, history));
          }),
      });
      const { app } = createTestApp({ assistant, env: { MAX_CONCURRENT_ANSWERS: '1' } });
      const first = postJson(app, '/api/chat', { question: QUESTION });
      await new Promise((resolve) => setTimeout(resolve, 20));

      const busy = await postJson(app, '/api/chat/stream', { question: QUESTION });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect((await busy.json()).error.code).toBe('busy');

      finish();
      expect((await first).status).toBe(200);
      const again = postJson(app, '/api/chat', { question: QUESTION });
      await new Promise((resolve) => setTimeout(resolve, 20));
      finish();
      expect((await again).status).toBe(200);
    });
  });

  describe('when the assistant fails', () => {
    it('answers a plain French 500, logs the error with context, and reports the question as unanswered', async () => {
      const assistant = createFakeAssistant({
        ask: async () => {
          throw new Error('ENOENT: /srv/citadoc/data/index/vectors.bin');
        },
      });
      const { app, logs, store } = createTestApp({ assistant });
      const response = await postJson(app, '/api/chat', { question: QUESTION });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text).error).toEqual({
        code: 'internal_error',
        message: expect.stringMatching(/erreur interne/),
      });
      expect(text).not.toMatch(/ENOENT|\/srv|at .*\.ts/);

      const failure = logs.find((line) => line.msg === 'request failed');
      expect(failure).toMatchObject({ route: '/api/chat', requestId: expect.any(String) });
      expect(JSON.stringify(failure)).toContain('vectors.bin');
      expect(store.report(1).unanswered.map((group) => group.question)).toEqual([QUESTION]);
    });
  });

  describe('when it logs a request', () => {
    it('writes route, status, duration and ids, but never the question', async () => {
      const { app, logs } = createTestApp();
      await postJson(app, '/api/chat', { question: QUESTION }, { 'X-Forwarded-For': '198.51.100.7' });
      const line = logs.find((entry) => entry.msg === 'request');
      expect(line).toMatchObject({ route: '/api/chat', status: 200, answerId: expect.any(String) });
      expect(typeof line?.durationMs).toBe('number');
      expect(JSON.stringify(logs)).not.toMatch(/signés|198\.51/);
    });
  });
});
