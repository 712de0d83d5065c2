/**
 * `npx tsx bench/graph-hop.ts [index dir] [--searches 2000]` (default: the 100k corpus of
 * `npm run bench:scale`): what a dense search costs in the answer thread itself and through the graph
 * thread (src/assistant/graph-thread.ts, over a MessagePort as an answer thread asks it), on the same
 * graphs and the same query vectors (passages' own vectors, slightly moved), with and without a
 * filter; and whether both give the same hits.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MessageChannel, Worker } from 'node:worker_threads';
import { GraphClient } from '../src/assistant/graph-client.ts';
import type { GraphReply, GraphRequest } from '../src/assistant/graph-thread.ts';
import { LabelSet } from '../src/index/label-set.ts';
import { liveVersion, loadGraphs } from '../src/index/store.ts';
import { seededRandom } from './scale/corpus.ts';
import { percentile } from './scale/probe.ts';

const K = 50;
const { values, positionals } = parseArgs({
  options: { searches: { type: 'string', default: '2000' } },
  allowPositionals: true,
});
const indexDir = positionals[0] ?? join(tmpdir(), 'citadoc-bench-scale', '100000', 'data', 'index');
const count = Number(values.searches);

const boot = new URL(
  `data:text/javascript,${encodeURIComponent(
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register();
await import(${JSON.stringify(new URL('../src/assistant/graph-thread.ts', import.meta.url).href)});`,
  )}`,
);

const folder = await liveVersion(indexDir);
const local = await loadGraphs(indexDir, folder);
const points = local.parts.flatMap((part) => part.liveLabels().map((label) => ({ part, label })));
const labels = points.map((point) => point.label);
const random = seededRandom(3);
const queries = Array.from({ length: count }, () => {
  const { part, label } = points[Math.floor(random() * points.length)]!;
  return part.vector(label).map((x) => x + (random() - 0.5) * 0.05);
});
// A year's worth of documents: a tenth of the labels.
const allowed = LabelSet.of(labels.filter(() => random() < 0.1));

const thread = new Worker(boot, { workerData: { indexDir } });
const loaded = new Promise<GraphReply>((resolve) => thread.once('message', resolve));
thread.postMessage({ type: 'load', id: 1, versions: [{ version: 0, folder }] } satisfies GraphRequest);
const reply = await loaded;
if (reply.type !== 'loaded') throw new Error(reply.message);
const client = new GraphClient();
const { port1, port2 } = new MessageChannel();
thread.postMessage({ type: 'connect', port: port1 } satisfies GraphRequest, [port1]);
client.connect(port2);
const remote = client.searcher(0);

const rows = [];
for (const filter of [undefined, allowed]) {
  const times = { local: [] as number[], thread: [] as number[] };
  let same = 0;
  for (const query of queries) {
    let at = performance.now();
    const here = await local.nearest(query, K, filter);
    times.local.push(performance.now() - at);
    at = performance.now();
    const there = await remote.nearest(query, K, filter);
    times.thread.push(performance.now() - at);
    if (JSON.stringify(here) === JSON.stringify(there)) same++;
  }
  for (const where of ['local', 'thread'] as const) {
    rows.push({
      recherche: where === 'local' ? 'dans le fil' : 'fil des graphes',
      filtre: filter ? '1/10 des passages' : 'aucun',
      'p50 ms': Number(percentile(times[where], 50).toFixed(3)),
      'p95 ms': Number(percentile(times[where], 95).toFixed(3)),
      'mêmes résultats': `${same}/${queries.length}`,
    });
  }
}
console.log(`${labels.length} passages, ${count} recherches de ${K} voisins :`);
console.table(rows);
await thread.terminate();
