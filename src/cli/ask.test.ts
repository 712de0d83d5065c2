/**
 * `npm run ask`, run as a person or a script would: a real process over a small real index. The
 * `--json` shape is the one the issue fixes; the text form cuts long excerpts between words.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTRAT } from '../../tests/fixtures/rivebelle.ts';
import { loadEmbedder } from '../embedding/index.ts';
import { ingest } from '../ingest/pipeline.ts';

const run = promisify(execFile);
const CLI = 'src/cli/ask.ts';

let work: string;
let indexDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-ask-'));
  const corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'contrat.md'), CONTRAT);
  const embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
  await ingest({ corpusDir, indexDir, modelId: 'citadoc-ngram-fr', loadEmbedder: async () => embedder });
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Runs the command line; its exit code and both outputs, whether it failed or not. */
async function ask(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATA_DIR: work },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const jsonAnswer = z.strictObject({
  answer: z.string().min(1),
  declined: z.boolean(),
  citations: z.array(
    z.strictObject({
      n: z.number().int().positive(),
      source: z.string(),
      title: z.string(),
      page: z.number().int().positive().optional(),
      url: z.string(),
      excerpt: z.string(),
    }),
  ),
});

describe('npm run ask', () => {
  describe('with --json', () => {
    it('prints the answer, whether it declined, and its citations, in the documented shape', async () => {
      const { code, stdout } = await ask(
        '--index',
        indexDir,
        '--json',
        'Quand le Contrat de ville a-t-il été signé ?',
      );
      expect(code).toBe(0);
      const parsed = jsonAnswer.parse(JSON.parse(stdout));
      expect(parsed.declined).toBe(false);
      expect(parsed.answer).toMatch(/\[1\]/);
      expect(parsed.citations[0]).toMatchObject({ n: 1, source: 'contrat.md' });
    });

    it('says it declines, with no citation, when the documents do not answer', async () => {
      const { stdout } = await ask(
        '--index',
        indexDir,
        '--json',
        'Quels sont les horaires de la piscine municipale ?',
      );
      const parsed = jsonAnswer.parse(JSON.parse(stdout));
      expect(parsed.declined).toBe(true);
      expect(parsed.citations).toEqual([]);
    });
  });

  describe('as text', () => {
    it('prints the answer, then each citation with its link and an excerpt cut between words', async () => {
      const { code, stdout } = await ask('--index', indexDir, 'Quand le Contrat de ville a-t-il été signé ?');
      expect(code).toBe(0);
      // A web text's link: the service's reading page at the passage, as PDFs link to their page.
      expect(stdout).toMatch(/^\[1\] .+\n {4}\/documents\/contrat\?passage=\d+-\d+#passage$/m);
      const excerpts = [...stdout.matchAll(/^ {4}« (.*) »$/gm)].map((m) => m[1]!);
      // The first passage is longer than an excerpt: it must be cut, and marked so.
      expect(excerpts[0]).toMatch(/…$/);
      for (const excerpt of excerpts) {
        expect(excerpt.length).toBeLessThanOrEqual(301);
        if (excerpt.endsWith('…')) expect(excerpt).toMatch(/[\p{L}\p{N}.,;:)»]…$/u);
        // The document's words, headings without their Markdown marks.
        expect(CONTRAT.replace(/^#+ /gm, '').replace(/\s+/g, ' ')).toContain(excerpt.replace(/…$/, ''));
      }
    });
  });

  describe('when it cannot answer', () => {
    it('shows the usage and exits with 2 when no question is given', async () => {
      const { code, stderr } = await ask('--index', indexDir);
      expect(code).toBe(2);
      expect(stderr).toContain('Usage : npm run ask');
    });

    it('says in French what to do when there is no index', async () => {
      const { code, stderr } = await ask('--index', join(work, 'absent'), 'Quand ?');
      expect(code).toBe(2);
      expect(stderr).toMatch(/Impossible de répondre : aucun index .*npm run ingest/);
    });
  });
});
