/**
 * An ingestion killed while it writes its new version leaves a `tmp-v-…` folder (nothing can run
 * after SIGKILL); the next ingestion, or the next start of the service, removes it. The kill is
 * timed on the folder's creation (fs.watch), so the leftover is real, not assumed.
 */
import { execFile, spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanOrphans } from './orphans.ts';

const run = promisify(execFile);

let work: string;
let corpusDir: string;
let indexDir: string;

const cli = (...args: string[]) => [
  '--import',
  'tsx',
  'src/cli/ingest.ts',
  '--corpus',
  corpusDir,
  '--index',
  indexDir,
  ...args,
];
const leftovers = async () =>
  (await readdir(indexDir)).filter((n) => n.startsWith('tmp-') || n.endsWith('.tmp'));

/** Runs `npm run ingest -- --full` and SIGKILLs it as soon as its temporary version folder appears. */
function killWhileWriting(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cli('--full'), { stdio: 'ignore' });
    const watcher = watch(indexDir, (_event, name) => {
      if (name?.startsWith('tmp-')) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', () => {
      watcher.close();
      resolve();
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-orphans-'));
  corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  // The Markdown of the real corpus: enough passages for a version that takes a while to write.
  await cp('corpus', corpusDir, { recursive: true, filter: (source) => !source.endsWith('.pdf') });
  await run(process.execPath, cli());
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('an ingestion killed while writing its version', () => {
  it('leaves a tmp-v-* folder, which the next ingestion removes', async () => {
    await killWhileWriting();
    expect((await leftovers()).some((n) => n.startsWith('tmp-v-'))).toBe(true);
    // Nothing changed since the last complete run: this one writes nothing, and still cleans up.
    await run(process.execPath, cli());
    expect(await leftovers()).toEqual([]);
  });

  it('leaves a tmp-v-* folder, which the service removes when it starts (cleanOrphans)', async () => {
    await killWhileWriting();
    const left = await leftovers();
    expect(left.some((n) => n.startsWith('tmp-v-'))).toBe(true);
    expect((await cleanOrphans(indexDir)).sort()).toEqual(left.sort());
    expect(await leftovers()).toEqual([]);
  });
});
