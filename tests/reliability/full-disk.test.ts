/**
 * A full disk, for real: the service runs as a process (`src/server.ts`) with DATA_DIR on a small
 * tmpfs, over a corpus with PDFs; the disk is filled, a reindex is asked for, residents keep asking.
 * What must hold: the failed ingestion leaves nothing behind, every question is answered (before
 * and after a restart), `/ready` says the service is degraded and why, and everything recovers by
 * itself once space is back.
 *
 * Mounting a tmpfs needs root (or a user namespace): elsewhere this file is skipped, and the fast
 * tests cover the same code paths (tests/http/health.test.ts, src/index/store.test.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/free-port.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const TMPFS_SIZE = '40m';
const MIN_FREE_DISK_MB = 4;
const PDFS = [
  'tests/fixtures/pdf/01_guide-qui-repare-qui-entretient_reparations-locatives.pdf',
  'tests/fixtures/pdf/04_urba-info-n27-janvier-2019_DHUP.pdf',
];
const QUESTION = 'Qui remplace les joints des robinets ?';

function tryMount(dir: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const work = await mkdtemp(join(tmpdir(), 'citadoc-full-disk-'));
const dataDir = join(work, 'data');
const corpusDir = join(work, 'corpus');
await mkdir(dataDir);
const mounted = tryMount(dataDir);

interface Service {
  url: string;
  process: ChildProcess;
  log: string[];
}

async function startService(): Promise<Service> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CORPUS_DIR: corpusDir,
      ADMIN_TOKEN,
      ANSWER_WORKERS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      MIN_FREE_DISK_MB: String(MIN_FREE_DISK_MB),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${log.join('\n')}`);
    const ready = await fetch(`${url}/ready`).catch(() => undefined);
    if (ready?.status === 200) return { url, process: child, log };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service never became ready:\n${log.join('\n')}`);
}

async function stopService(service: Service): Promise<void> {
  if (service.process.exitCode !== null) return;
  const exited = new Promise((resolve) => service.process.once('exit', resolve));
  service.process.kill('SIGTERM');
  await exited;
}

/** Writes zeros to `file` until the file system refuses: what is left is less than 4 KB. */
async function fillWith(file: string): Promise<void> {
  for (const size of [256 * 1024, 4096]) {
    const handle = await open(file, 'a');
    const block = Buffer.alloc(size);
    try {
      for (;;) await handle.write(block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      await handle.close().catch(() => {});
    }
  }
}

/**
 * Fills the disk but for `leaveBytes`: a reserve file is written first, the rest filled, and the
 * reserve removed. With room for the lock but not for a version, the ingestion fails mid-write.
 */
async function fillDisk(leaveBytes = 0): Promise<void> {
  const reserve = join(dataDir, 'reserve.bin');
  if (leaveBytes > 0) await writeFile(reserve, Buffer.alloc(leaveBytes));
  await fillWith(join(dataDir, 'remplissage.bin'));
  await rm(reserve, { force: true });
}

const ask = (service: Service, question = QUESTION) =>
  fetch(`${service.url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ question }),
  });

const ready = async (service: Service) => (await fetch(`${service.url}/ready`)).json();

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

async function reindex(service: Service): Promise<{ state: string; message?: string }> {
  const started = await fetch(`${service.url}/admin/reindex`, { method: 'POST', headers: admin });
  expect(started.status).toBe(202);
  for (;;) {
    const status = await (await fetch(`${service.url}/admin/reindex`, { headers: admin })).json();
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const leftovers = async () =>
  (await readdir(join(dataDir, 'index'))).filter((name) => name.startsWith('tmp-') || name.endsWith('.tmp'));

describe.skipIf(!mounted)('a full disk under DATA_DIR (real tmpfs)', () => {
  let service: Service;

  beforeAll(async () => {
    await mkdir(corpusDir);
    for (const pdf of PDFS) await copyFile(pdf, join(corpusDir, pdf.split('/').pop()!));
    await copyFile('corpus/ales-fr_politique-de-la-ville_contrat-de-ville.md', join(corpusDir, 'contrat.md'));
    service = await startService();
  });

  afterAll(async () => {
    if (service) await stopService(service);
    if (mounted) execFileSync('umount', [dataDir]);
    await rm(work, { recursive: true, force: true });
  });

  it('fails the reindex with a clear reason and leaves no tmp-v-* behind', async () => {
    expect(await ready(service)).toEqual({ ready: true, status: 'ok', reasons: [] });
    await writeFile(
      join(corpusDir, 'note.md'),
      `# Note\n\n${'Les jardins partagés ouvrent en mai. '.repeat(400)}\n`,
    );
    // Room to start (lock, manifest read) but not for the note's segment, whose passages alone take
    // the note's bytes: an update links the other segments' files and writes only its own.
    await fillDisk(Math.floor((await stat(join(corpusDir, 'note.md'))).size / 2));

    const status = await reindex(service);
    expect(status).toMatchObject({ state: 'failed', message: expect.stringMatching(/disque est plein/) });
    expect(await leftovers()).toEqual([]);
    expect(service.log.join('\n')).toMatch(/"msg":"reindex failed".*ENOSPC|ENOSPC.*"msg":"reindex failed"/);
  });

  it('answers every question while the store cannot write, and /ready says why', async () => {
    await fillDisk();
    for (let i = 0; i < 30; i++) {
      const response = await ask(service, `${QUESTION} (${i})`);
      expect(response.status).toBe(200);
      expect((await response.json()).answer.length).toBeGreaterThan(0);
    }
    const body = await ready(service);
    expect(body).toMatchObject({ ready: true, status: 'degraded' });
    const checks = Object.fromEntries(
      body.reasons.map((r: { check: string; reason: string }) => [r.check, r.reason]),
    );
    expect(checks.disk).toMatch(/espace disque presque épuisé/);
    expect(checks.store).toMatch(/^disque plein/);
    expect(service.log.join('\n')).toMatch(/SQLITE_FULL/);
  });

  it('still answers after a restart on the full disk', async () => {
    await stopService(service);
    service = await startService();
    expect((await ask(service)).status).toBe(200);
    expect((await ready(service)).status).toBe('degraded');
  });

  it('recovers by itself once space is back: answers recorded, /ready ok, reindex succeeds', async () => {
    await rm(join(dataDir, 'remplissage.bin'));
    expect((await ask(service)).status).toBe(200);
    expect(await ready(service)).toEqual({ ready: true, status: 'ok', reasons: [] });
    const status = await reindex(service);
    expect(status).toMatchObject({ state: 'succeeded', message: 'Réindexation réussie.' });
    expect(await leftovers()).toEqual([]);
  });
});

describe.runIf(!mounted)('a full disk under DATA_DIR (real tmpfs)', () => {
  it.skip('needs root to mount a tmpfs: run as root to exercise it (see RELIABILITY.md)', () => {});
});
