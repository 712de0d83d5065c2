/**
 * `npx tsx bench/load-index.ts [index dir]` (default: the 100k corpus of `npm run bench:scale`):
 * what an answer thread pays to load a version, in this process: time, and resident memory and its
 * parts (V8 heap, array buffers, other memory outside the heap) before and after. First the thread
 * that reads it (lexical index and graphs), then another thread of a pool of two or more: the lexical
 * index shared by the first (`LexicalIndex.toShared`), the graphs in the graph thread. Last, when the
 * folder holds the version before the live one (`npm run bench:scale` leaves the one before its last
 * one-document update), the live version loaded by a thread that serves the one before: its lexical
 * index made from the one before's (../src/index/lexical-versions.ts), as the service does after an
 * update; and by another thread, from the first's shared arrays, extending its own typo vocabulary.
 */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lexicalVersions, liveVersion, loadIndex } from '../src/index/store.ts';

const indexDir = process.argv[2] ?? join(tmpdir(), 'citadoc-bench-scale', '100000', 'data', 'index');
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function measure<T>(what: string, load: () => Promise<T>): Promise<T> {
  const before = process.memoryUsage();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const loaded = await load();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const after = process.memoryUsage();
  console.log(
    `${what}: loaded in ${Math.round(ms)} ms (${Math.round((user + system) / 1000)} ms of processor); ` +
      `RSS +${mb(after.rss - before.rss)} MB (V8 heap +${mb(after.heapUsed - before.heapUsed)}, ` +
      `array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}, external +${mb(after.external - before.external)})`,
  );
  return loaded;
}

const index = await measure('the thread that reads it', () => loadIndex(indexDir));
console.log(`  ${index.chunks.size} passages, ${index.manifest.segments.length} segments`);
const shared = await index.lexical.toShared();
const remote = { nearest: async () => [] };
// Each thread holds its own last version: this one, as another thread would, holds none.
lexicalVersions.forget();
await measure('another thread (lexical index shared, graphs in the graph thread)', () =>
  loadIndex(indexDir, index.version, { lexical: shared, dense: remote }),
);

const live = await liveVersion(indexDir);
const before = (await readdir(indexDir)).filter((name) => name.startsWith('v-') && name < live).at(-1);
if (before) {
  lexicalVersions.forget();
  const served = await loadIndex(indexDir, before);
  const next = await measure('the live version, by a thread that serves the one before', () =>
    loadIndex(indexDir, live),
  );
  console.log(
    `  lexical index ${next.lexicalMade === 'extended' ? 'made from the one before' : 'loaded whole'}`,
  );
  // Another thread that served the one before, from the shared arrays of the one that read it.
  lexicalVersions.forget();
  await loadIndex(indexDir, before, { lexical: await served.lexical.toShared(), dense: remote });
  const nextShared = await next.lexical.toShared();
  await measure('the live version, by another thread that serves the one before', () =>
    loadIndex(indexDir, live, { lexical: nextShared, dense: remote }),
  );
}
