/**
 * `npx tsx bench/child-start.ts [--corpus DIR --index DIR] [--runs 3]`: what one reindex with nothing
 * changed costs in the service's ingestion child (src/ingest/child.ts), started from its compiled
 * JavaScript (what the service does, src/entry-points.ts) and from its sources under tsx. Prints the
 * wall time and the CPU the child and its own children used (Linux: the `cutime` and `cstime` of
 * /proc/self/stat, which count the children this process has waited for).
 *
 * With no folders given, the 100k corpus and index `npm run bench:scale -- --sizes 100000` leaves,
 * else the default corpus, indexed first into a temporary folder.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileEntryPoints, type EntryPoints, SOURCE_ENTRY_POINTS } from '../src/entry-points.ts';
import { ingestInChild } from '../src/ingest/child.ts';

const embedding = { model: 'citadoc-ngram-fr', modelsDir: process.env.MODELS_DIR ?? 'models' };
/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** CPU seconds used by this process's children that have exited and been waited for. */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After `pid (comm)`: state is field 3, cutime 16 and cstime 17.
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_S;
}

const { values } = parseArgs({
  options: { corpus: { type: 'string' }, index: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
const scale = join(tmpdir(), 'citadoc-bench-scale', '100000');
const hasScale = await stat(join(scale, 'data', 'index')).then(
  () => true,
  () => false,
);
let scratch: string | undefined;
let corpusDir = values.corpus ?? (hasScale ? join(scale, 'corpus') : 'corpus');
let indexDir = values.index ?? (hasScale ? join(scale, 'data', 'index') : undefined);
if (!indexDir) {
  scratch = await mkdtemp(join(tmpdir(), 'citadoc-bench-child-'));
  indexDir = join(scratch, 'index');
  corpusDir = 'corpus';
  await ingestInChild({ corpusDir, indexDir, embedding });
}

const variants: [string, EntryPoints][] = [
  ['compilé (le service)', await compileEntryPoints()],
  ['sources sous tsx (avant)', SOURCE_ENTRY_POINTS],
];
console.log(`réindexation sans changement dans le processus enfant (${corpusDir}) :`);
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const [label, entryPoints] of variants) {
      const cpuBefore = childrenCpuS();
      const started = performance.now();
      const report = await ingestInChild({ corpusDir, indexDir, embedding, entryPoints });
      const wallS = (performance.now() - started) / 1000;
      const cpuS = childrenCpuS() - cpuBefore;
      console.log(
        `  ${label.padEnd(26)} ${wallS.toFixed(2)} s, CPU ${cpuS.toFixed(2)} s (${report.files.length} fichiers)`,
      );
    }
  }
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
