/**
 * A maintainer updates one document again and again, as a city does with its opening hours, and
 * residents ask meanwhile: the real server (real assistant, one answer thread), `POST /admin/reindex`
 * after each change, questions over HTTP. Each version after the first is made from the one served
 * (src/index/lexical-versions.ts), the second change dropping the segment the first one wrote: the
 * answers must give the newest text and never an older one, and a removed document must disappear.
 * Named `.index.` because it ingests and loads real indexes (several seconds).
 */
import { rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.ts';
import { askOverHttp, reindexOverHttp } from '../fixtures/over-http.ts';
import { CONTRAT, PISCINE, QUARTIERS, rivebelleAssistant } from '../fixtures/rivebelle.ts';

const QUESTION = 'Quels sont les horaires de la piscine municipale ?';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const LOAD_TIMEOUT_MS = 120_000;
const OPENING = 'ouvre le mercredi de 14 heures à 19 heures';

let root: string;
let corpusDir: string;
let server: RunningServer;
const logs: { msg: string; lexical?: string }[] = [];
/** How the answer thread made each version's lexical index, in the order loaded. */
const lexicalLoads = () =>
  logs.filter((l) => l.msg === 'index version loaded in an answer thread').map((l) => l.lexical);

const ask = (question: string) => askOverHttp(server.url, question);
const reindex = () => reindexOverHttp(server.url, ADMIN_TOKEN);

const piscineWith = (opening: string) => PISCINE.replace(OPENING, opening);

beforeAll(async () => {
  expect(PISCINE).toContain(OPENING);
  // Enough other documents that one document's passages stay under compaction's quarter: its first
  // segment is kept, not rewritten (src/index/compaction.ts).
  const fiches = Object.fromEntries(
    [
      'le soutien scolaire',
      'les jardins partagés',
      'la médiation de nuit',
      "l'accès au numérique",
      "l'aide aux devoirs",
      'la rénovation des halls',
      'les permanences juridiques',
      'les chantiers éducatifs',
    ].map((topic, n) => [
      `fiche-${n}.md`,
      `# Fiche ${n}\n\nLa ville finance ${topic} dans les quartiers prioritaires.\n`,
    ]),
  );
  const made = await rivebelleAssistant('citadoc-update-twice-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
    'piscine.md': PISCINE,
    ...fiches,
  });
  root = made.root;
  corpusDir = made.options.corpusDir;
  server = await startServer(
    {
      port: 0,
      corpusDir,
      dataDir: join(root, 'data'),
      modelsDir: 'models',
      rateLimitPerMinute: 0,
      adminToken: ADMIN_TOKEN,
    },
    { logger: pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) }) },
  );
  await server.loaded;
}, LOAD_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a document changed twice, then removed, while residents ask', () => {
  it('is answered from its newest text each time, and not at all once removed', async () => {
    expect(JSON.stringify(await ask(QUESTION))).toContain('mercredi de 14 heures');
    const versions = [
      ['samedi de 9 heures à 12 heures', 'mercredi de 14 heures'],
      ['dimanche de 10 heures à 13 heures', 'samedi de 9 heures'],
    ];
    for (const [now, before] of versions) {
      await writeFile(join(corpusDir, 'piscine.md'), piscineWith(`ouvre le ${now}`));
      await reindex();
      const answer = JSON.stringify(await ask(QUESTION));
      expect(answer).toContain(now);
      expect(answer).not.toContain(before);
      expect(answer).not.toContain('mercredi de 14 heures');
    }
    await unlink(join(corpusDir, 'piscine.md'));
    await reindex();
    const answer = await ask(QUESTION);
    expect(answer.citations.map((c) => c.source)).not.toContain('piscine.md');
    expect(JSON.stringify(answer)).not.toContain('dimanche de 10 heures');
    // Read whole at start; each update's version made from the one served, none read again.
    expect(lexicalLoads()).toEqual(['read', 'extended', 'extended', 'extended']);
  });
});
