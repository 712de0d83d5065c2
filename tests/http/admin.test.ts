import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReindexReport } from '../../src/assistant/types.ts';
import { IngestBusyError, SERVICE_HOLDER } from '../../src/ingest/lock.ts';
import { ADMIN_TOKEN, createFakeAssistant, createTestApp, postJson } from './helpers.ts';

/** A real process holding the ingestion lock as `npm run ingest` does, until `stop()`. */
async function holdLock(indexDir: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const holder = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/fixtures/hold-ingest-lock.ts', indexDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('verrou pris') && resolve());
    holder.once('exit', () => reject(new Error('the lock holder exited')));
  });
  return {
    pid: holder.pid!,
    stop: async () => {
      holder.kill('SIGTERM');
      await new Promise((resolve) => holder.once('exit', resolve));
    },
  };
}

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

describe('POST /admin/reindex while the command line ingests', () => {
  it('answers 409 naming the holder, and starts nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'citadoc-admin-lock-'));
    const lock = await holdLock(join(dataDir, 'index'));
    try {
      let reindexed = false;
      const assistant = createFakeAssistant({
        reindex: async () => {
          reindexed = true;
          return REPORT;
        },
      });
      const { app } = createTestApp({ env: { ...env, DATA_DIR: dataDir }, assistant });
      const response = await app.request('/admin/reindex', { method: 'POST', ...admin });
      expect(response.status).toBe(409);
      expect(response.headers.get('retry-after')).toBe('60');
      const { error } = await response.json();
      expect(error.code).toBe('ingest_locked');
      expect(error.message).toMatch(
        new RegExp(
          `^Une indexation est déjà en cours, lancée par la ligne de commande \\(npm run ingest\\) \\(processus ${lock.pid}, depuis le .+\\)\\. Réessayez quand elle sera terminée\\.$`,
        ),
      );
      await app.reindexJob.settled();
      expect(reindexed).toBe(false);
      expect(await (await app.request('/admin/reindex', admin)).json()).toEqual({ state: 'idle' });
    } finally {
      await lock.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('once the lock is released, starts (202)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'citadoc-admin-lock-'));
    const lock = await holdLock(join(dataDir, 'index'));
    await lock.stop();
    try {
      const { app } = createTestApp({ env: { ...env, DATA_DIR: dataDir } });
      expect((await app.request('/admin/reindex', { method: 'POST', ...admin })).status).toBe(202);
      await app.reindexJob.settled();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('GET /admin/reindex after a run', () => {
  async function statusAfter(reindex: () => Promise<ReindexReport>) {
    const { app } = createTestApp({ env, assistant: createFakeAssistant({ reindex }) });
    await app.request('/admin/reindex', { method: 'POST', ...admin });
    await app.reindexJob.settled();
    return (await app.request('/admin/reindex', admin)).json();
  }

  describe('when one file failed but the new version went live', () => {
    it('reads « succeeded, 1 file failed », not « failed »', async () => {
      const failed = [{ source: 'programme.md', reason: 'le contenu est un programme exécutable (ELF)' }];
      const status = await statusAfter(async () => ({ ...REPORT, ok: false, failed }));
      expect(status).toMatchObject({
        state: 'succeeded',
        message: expect.stringMatching(/^Réindexation réussie, 1 fichier en échec/),
        report: { failed },
      });
    });

    it('counts several', async () => {
      const failed = [
        { source: 'a.md', reason: 'x' },
        { source: 'b.pdf', reason: 'y' },
      ];
      const status = await statusAfter(async () => ({ ...REPORT, ok: false, failed }));
      expect(status.message).toMatch(/^Réindexation réussie, 2 fichiers en échec/);
    });
  });

  describe('when the disk is full', () => {
    it('says so, and that the previous index still serves', async () => {
      const status = await statusAfter(async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      });
      expect(status).toMatchObject({
        state: 'failed',
        message: expect.stringMatching(/disque est plein.*précédent/),
      });
      expect(JSON.stringify(status)).not.toContain('ENOSPC');
    });
  });

  describe('when another ingestion took the lock between the check and the run', () => {
    it('names the holder rather than a generic failure', async () => {
      const status = await statusAfter(async () => {
        throw new IngestBusyError({ pid: 4242, holder: SERVICE_HOLDER });
      });
      expect(status.message).toMatch(
        /^Une indexation est déjà en cours, lancée par le service \(réindexation\) \(processus 4242\)/,
      );
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
