import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { createFakeAssistant, createTestApp, postJson } from './helpers.ts';

/**
 * A real in-memory store whose writes fail as SQLite fails on a full disk (better-sqlite3's own
 * SqliteError, code SQLITE_FULL) while `full` is set. The real disk is filled in
 * tests/reliability/full-disk.test.ts; this one runs everywhere, fast.
 */
function fillableStore(): Store & { full: boolean } {
  const store = openStore({ path: ':memory:' });
  const fail = () => {
    throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  };
  const wrapped = {
    ...store,
    full: false,
    startConversation: () => (wrapped.full ? fail() : store.startConversation()),
    recordQuestion: (id: string, question: string) =>
      wrapped.full ? fail() : store.recordQuestion(id, question),
    recordAnswer: (...args: Parameters<Store['recordAnswer']>) =>
      wrapped.full ? fail() : store.recordAnswer(...args),
    recordFeedback: (...args: Parameters<Store['recordFeedback']>) =>
      wrapped.full ? fail() : store.recordFeedback(...args),
  };
  return wrapped;
}

const ready = async (app: ReturnType<typeof createTestApp>['app']) => {
  const response = await app.request('/ready');
  return { status: response.status, body: await response.json() };
};

describe('GET /health', () => {
  it('answers 200 as soon as the process is up', async () => {
    const assistant = createFakeAssistant();
    assistant.setReady(false);
    const { app } = createTestApp({ assistant });
    expect((await app.request('/health')).status).toBe(200);
  });
});

describe('GET /ready', () => {
  describe('while the index loads', () => {
    it('answers 503 with a French message', async () => {
      const assistant = createFakeAssistant();
      assistant.setReady(false);
      const { app } = createTestApp({ assistant });
      const response = await app.request('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        ready: false,
        status: 'starting',
        error: { message: expect.stringMatching(/se prépare/) },
      });
    });
  });

  describe('once the index is loaded', () => {
    it('answers 200, status ok, no reason', async () => {
      const assistant = createFakeAssistant();
      assistant.setReady(false);
      const { app } = createTestApp({ assistant });
      assistant.setReady(true);
      expect(await ready(app)).toEqual({ status: 200, body: { ready: true, status: 'ok', reasons: [] } });
    });
  });

  describe('when the store cannot write (disk full)', () => {
    it('still answers the resident, logs and counts the failure, and says so until writes succeed again', async () => {
      const store = fillableStore();
      const { app, logs } = createTestApp({ store });
      store.full = true;

      for (const question of ['Quand la refonte ?', 'Qui remplace les joints ?']) {
        const response = await postJson(app, '/api/chat', { question });
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.answer).toMatch(/refonte|joints/);
        expect(body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
      }
      const stream = await postJson(app, '/api/chat/stream', { question: 'Quand la refonte ?' });
      expect(await stream.text()).toContain('event: done');

      const degraded = await ready(app);
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({
        ready: true,
        status: 'degraded',
        reasons: [
          {
            check: 'store',
            reason: expect.stringMatching(/^disque plein : .*les réponses continuent/),
            failures: 3,
            since: expect.any(String),
          },
        ],
      });
      const failures = logs.filter((line) => line.msg === 'store call failed; answering without it');
      expect(failures.map((line) => line.code)).toEqual(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
      expect(failures.at(-1)?.storeFailures).toBe(3);

      // Feedback cannot be kept: a clear 503, not a 500.
      const feedback = await postJson(app, '/api/feedback', { answerId: crypto.randomUUID(), rating: 'up' });
      expect(feedback.status).toBe(503);
      expect((await feedback.json()).error.message).toMatch(/n'a pas pu être enregistré/);

      // Space is back: the next question is recorded and the service reports itself well.
      store.full = false;
      expect((await postJson(app, '/api/chat', { question: 'Quand la refonte ?' })).status).toBe(200);
      expect((await ready(app)).body).toEqual({ ready: true, status: 'ok', reasons: [] });
      expect(store.report(1).totals.questions).toBe(1);
    });
  });

  describe('when several checks fail', () => {
    it('lists each reason, and a check that throws or hangs is a reason too', async () => {
      const store = fillableStore();
      const { app } = createTestApp({ store });
      app.health.register({
        name: 'exemple',
        check: () => ({ ok: false, reason: 'le service d’exemple ne répond pas' }),
      });
      app.health.register({
        name: 'broken',
        check: () => {
          throw new Error('boom');
        },
      });
      store.full = true;
      await postJson(app, '/api/chat', { question: 'Quand la refonte ?' });

      const { status, body } = await ready(app);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.reasons.map((r: { check: string }) => r.check)).toEqual(['store', 'exemple', 'broken']);
      expect(body.reasons[2].reason).toBe('la vérification « broken » a échoué');
    });
  });

  describe('when the data disk is nearly full', () => {
    it('reports the free space against the minimum (MIN_FREE_DISK_MB)', async () => {
      const { app } = createTestApp({ env: { DATA_DIR: process.cwd(), MIN_FREE_DISK_MB: '100000000' } });
      const { status, body } = await ready(app);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'degraded',
        reasons: [{ check: 'disk', reason: expect.stringMatching(/Mo libres, minimum 100000000 Mo/) }],
      });
      const { app: roomy } = createTestApp({ env: { DATA_DIR: process.cwd(), MIN_FREE_DISK_MB: '1' } });
      expect((await ready(roomy)).body.status).toBe('ok');
    });
  });
});
