/**
 * `npm run ask -- [--index data/index] [--json] "question"`: the answer and its citations, as a
 * resident would get them. `--json` prints `{ answer, declined, citations: [{ n, source, title, page?,
 * url, excerpt }] }` for scripts.
 */
import { parseArgs } from 'node:util';
import { answerQuestion } from '../answer/answer.ts';
import type { Citation } from '../answer/types.ts';
import { loadSearchable } from '../assistant/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import { loadCliSettings } from './settings.ts';

const USAGE = 'Usage : npm run ask -- [--index <dossier>] [--json] "votre question"';
/** An excerpt printed under its citation: what fits on a few terminal lines. */
const EXCERPT_CHARS = 300;

/** The excerpt on one line, cut at a word boundary and marked "…" when it is longer. */
function clipExcerpt(text: string, max = EXCERPT_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.lastIndexOf(' ', max);
  return `${line.slice(0, cut > max / 2 ? cut : max).trimEnd()}…`;
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const question = parsed.positionals.join(' ').trim();
  if (!question) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const settings = loadCliSettings();
  try {
    const embedder = await loadEmbedder(settings.embedding);
    const searchable = await loadSearchable(parsed.values.index ?? settings.indexDir, embedder);
    const answer = await answerQuestion(
      { searchable, contact: settings.contact, generative: settings.generative },
      question,
    );
    if (parsed.values.json) {
      const citations = answer.citations.map(({ n, source, title, page, url, excerpt }) => ({
        n,
        source,
        title,
        ...(page !== undefined ? { page } : {}),
        url,
        excerpt,
      }));
      process.stdout.write(
        `${JSON.stringify({ answer: answer.answer, declined: answer.declined, citations }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${answer.answer}\n`);
      const card = (c: Citation, label: string) =>
        `\n${label}${c.title}${c.page ? `, p. ${c.page}` : ''}\n    ${c.url}\n    « ${clipExcerpt(c.excerpt)} »\n`;
      for (const c of answer.citations) process.stdout.write(card(c, `[${c.n}] `));
      for (const c of answer.related) {
        process.stdout.write(
          card(c, 'Un document à consulter (il aborde la question sans y répondre avec certitude) : '),
        );
      }
    }
    return 0;
  } catch (error) {
    process.stderr.write(`Impossible de répondre : ${(error as Error).message}\n`);
    return 2;
  }
}

function parse() {
  return parseArgs({
    options: { index: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
}

process.exitCode = await main();
