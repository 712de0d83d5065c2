/**
 * `npm start` as a newcomer runs it, as a process: the default corpus indexed, the widget's page at
 * `/`, an answer with its passages over HTTP, a reindex, then Ctrl-C (SIGINT to the terminal's
 * process group) stops everything it started. Its threads and ingestion child start from compiled
 * JavaScript, with no tsx wrapper process and no esbuild left running beside the service.
 *
 * `--ignore-scripts` leaves out `prestart` (the widget's and console's builds, tested on their own):
 * run here beside the browser tests, it would rewrite the files they load.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/free-port.ts';

const ADMIN_TOKEN = 'jeton-de-test-npm-start-0123456789';
const QUESTION = 'Quand le contrat de ville a-t-il été signé ?';

/** The processes under `root`, with their command lines (read from /proc). */
function descendants(root: number): { pid: number; args: string }[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read from its end.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: { pid: number; args: string }[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      let args = '';
      try {
        args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ').trim();
      } catch {
        // Gone meanwhile.
      }
      found.push({ pid: child, args });
      walk(child);
    }
  };
  walk(root);
  return found;
}

describe.skipIf(!existsSync('/proc/self/stat'))('npm start, as a process', () => {
  let dataDir: string;
  let url: string;
  let npm: ChildProcess;
  const log: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'citadoc-npm-start-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const { EMBEDDINGS_URL: _semantic, ...env } = process.env;
    npm = spawn('npm', ['start', '--ignore-scripts'], {
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a terminal gives it: Ctrl-C reaches every process in it.
      detached: true,
    });
    npm.stdout?.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
    npm.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      if (npm.exitCode !== null) throw new Error(`npm start exited:\n${log.join('\n')}`);
      const ready = await fetch(`${url}/ready`).catch(() => undefined);
      if (ready?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the service never became ready:\n${log.join('\n')}`);
  }, 180_000);

  afterAll(async () => {
    if (npm?.pid !== undefined && npm.exitCode === null && npm.signalCode === null) {
      process.kill(-npm.pid, 'SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the widget demo page at /', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers from the default corpus, with the passages it rests on', async () => {
    const response = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: QUESTION }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      answer: string;
      citations: { source: string; page?: number }[];
    };
    expect(body.answer).toMatch(/2015/);
    expect(body.citations.length).toBeGreaterThan(0);
  });

  it('reindexes in its compiled ingestion child', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await fetch(`${url}/admin/reindex`, { method: 'POST', headers })).status).toBeLessThan(300);
    let job: { state: string } = { state: 'running' };
    for (let i = 0; i < 240 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await (await fetch(`${url}/admin/reindex`, { headers })).json()) as { state: string };
    }
    expect(job.state).toBe('succeeded');
    expect(log.join('\n')).toMatch(/threads and ingestion child compiled/);
  }, 90_000);

  it('runs the service itself under node, with no tsx wrapper and no esbuild left beside it', () => {
    const processes = descendants(npm.pid!);
    // npm runs the script through `sh -c`; the service is the node process under it.
    const services = processes.filter((p) => /^\S*node\b.*src\/server\.ts$/.test(p.args));
    expect(services.map((p) => p.args)).toEqual([
      expect.stringMatching(/node --import tsx src\/server\.ts$/),
    ]);
    expect(processes.filter((p) => /esbuild|tsx\/dist\/cli/.test(p.args))).toEqual([]);
  });

  it('stops, every process it started with it, on Ctrl-C', async () => {
    const started = descendants(npm.pid!).map((p) => p.pid);
    const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
    process.kill(-npm.pid!, 'SIGINT');
    await exited;
    await expect
      .poll(() => started.filter((pid) => existsSync(`/proc/${pid}`)), { timeout: 20_000 })
      .toEqual([]);
    expect(log.join('\n')).toMatch(/SIGINT reçu : arrêt en cours/);
  }, 30_000);
});
