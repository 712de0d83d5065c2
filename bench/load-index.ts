/**
 * `npx tsx bench/load-index.ts [index dir]` (default: the 100k corpus of `npm run bench:scale`):
 * what one answer thread pays to load a version, in this process: time, and resident memory and
 * its parts (V8 heap, array buffers, other memory outside the heap) before and after.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndex } from '../src/index/store.ts';

const indexDir = process.argv[2] ?? join(tmpdir(), 'citadoc-bench-scale', '100000', 'data', 'index');
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const before = process.memoryUsage();
const started = performance.now();
const index = await loadIndex(indexDir);
const ms = performance.now() - started;
const after = process.memoryUsage();
console.log(
  `${index.chunks.size} passages, ${index.manifest.segments.length} segments: loaded in ${Math.round(ms)} ms; ` +
    `RSS +${mb(after.rss - before.rss)} MB (V8 heap +${mb(after.heapUsed - before.heapUsed)}, ` +
    `array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}, external +${mb(after.external - before.external)})`,
);
