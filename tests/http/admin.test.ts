import { describe, expect, it } from 'vitest';
import type { ReindexReport } from '../../src/assistant/types.ts';
import { ADMIN_TOKEN, createFakeAssistant, createTestApp, postJson } from './helpers.ts';

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const admin = bearer(ADMIN_TOKEN);
const env = { ADMIN_TOKEN };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const REPORT: ReindexReport = {
  ok: true,
  added: 1,
  changed: 0,
  unchanged: 15,
  removed: 0,
  failed: [],
  durationMs: 1200,
};

describe('/admin routes', () => {
  describe('when ADMIN_TOKEN is unset', () => {
    it('are closed (404), even with a token', async () => {
      const { app } = createTestApp();
      expect((await app.request('/admin/report', admin)).status).toBe(404);
      expect((await app.request('/admin/reindex', { method: 'POST', ...admin })).status).toBe(404);
    });
  });

  describe('when the token is missing or wrong', () => {
    it.each([
      ['missing', {}],
      ['wrong', bearer('admin-token-for-tests-0123456788')],
      ['not bearer', { headers: { Authorization: `Basic ${ADMIN_TOKEN}` } }],
    ])('answer 401 (%s)', async (_case, init) => {
      const { app } = createTestApp({ env });
      const response = await app.request('/admin/report', init);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect((await response.json()).error.code).toBe('unauthorized');
    });
  });
});

describe('POST /admin/reindex', () => {
  describe('when no reindex runs', () => {
    it('answers 202, runs in the background and reports the run', async () => {
      const run = deferred<ReindexReport>();
      const assistant = createFakeAssistant({ reindex: () => run.promise });
      const { app } = createTestApp({ env, assistant });

      const started = await app.request('/admin/reindex', { method: 'POST', ...admin });
      expect(started.status).toBe(202);
      expect(await started.json()).toMatchObject({ state: 'running' });

      // Residents keep getting answers while the new index is built.
      expect((await postJson(app, '/api/chat', { question: 'Quand la refonte ?' })).status).toBe(200);
      expect((await app.request('/admin/reindex', { method: 'POST', ...admin })).status).toBe(409);

      run.resolve(REPORT);
      await app.reindexJob.settled();
      const status = await (await app.request('/admin/reindex', admin)).json();
      expect(status).toMatchObject({ state: 'succeeded', report: REPORT, finishedAt: expect.any(String) });
    });
  });

  describe('when the reindex fails', () => {
    it('reports the failure without internals, and the service keeps answering', async () => {
      const assistant = createFakeAssistant({
        reindex: async () => {
          throw new Error('EACCES: /srv/citadoc/data/index.next');
        },
      });
      const { app, logs } = createTestApp({ env, assistant });
      await app.request('/admin/reindex', { method: 'POST', ...admin });
      await app.reindexJob.settled();

      const text = await (await app.request('/admin/reindex', admin)).text();
      expect(JSON.parse(text)).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/index précédent/),
      });
      expect(text).not.toContain('/srv');
      expect(logs.some((line) => line.msg === 'reindex failed')).toBe(true);
      expect((await postJson(app, '/api/chat', { question: 'Quand la refonte ?' })).status).toBe(200);
    });
  });
});

describe('GET /admin/report', () => {
  describe('when residents asked what the documents do not cover', () => {
    it('lists declined questions and thumbs-down answers, grouped and counted', async () => {
      const { app } = createTestApp({ env });
      await postJson(app, '/api/chat', { question: 'Où garer mon vélo ?' });
      await postJson(app, '/api/chat', { question: 'où garer mon velo' });
      const { answerId } = await (
        await postJson(app, '/api/chat', { question: 'Quand la refonte ?' })
      ).json();
      await postJson(app, '/api/feedback', { answerId, rating: 'down', comment: 'Trop vague' });

      const response = await app.request('/admin/report?days=7', admin);
      expect(response.status).toBe(200);
      const report = await response.json();
      expect(report.declined).toEqual([expect.objectContaining({ question: 'où garer mon velo', count: 2 })]);
      expect(report.thumbsDown).toEqual([
        expect.objectContaining({ question: 'Quand la refonte ?', comments: ['Trop vague'] }),
      ]);
      expect(report.totals).toMatchObject({ questions: 3, declined: 2, down: 1 });
    });
  });

  describe('when days is out of range', () => {
    it('answers 400 naming it', async () => {
      const { app } = createTestApp({ env });
      const response = await app.request('/admin/report?days=0', admin);
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe('days');
    });
  });
});
