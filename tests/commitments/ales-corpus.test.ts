/**
 * The commitments extractor against the hand-labelled commitments of the default corpus
 * (tests/fixtures/commitments/ales-commitments.json, labelled by reading the documents).
 *
 * Matching rule, one to one: an extracted row matches a label of the same document when
 *  - both state a sum and it is the same sum, and the partner is the same; or
 *  - the partner is the same and the sentences overlap (the label's excerpt is in the extracted
 *    sentence, or the other way round, compared folded).
 * Partners are compared folded, without punctuation (`Ville de La Grand Combe` = `Ville de La Grand-Combe`).
 * Precision = matched rows / rows extracted; recall = matched labels / labels.
 *
 * `npx vitest run tests/commitments/ales-corpus.test.ts` prints the figures.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Commitment } from '../../src/assistant/types.ts';
import { foldLoose } from '../../src/commitments/fold.ts';
import { extractCommitments } from '../../src/commitments/index.ts';
import { readCorpusPassages } from '../fixtures/commitments/corpus-passages.ts';

interface Label {
  document: string;
  partner: string;
  amount: number | null;
  neighbourhoods: string[];
  year: string | null;
  excerpt: string;
}

const TARGET_RECALL = 0.8;
const TARGET_PRECISION = 0.9;

const labels: Label[] = JSON.parse(
  readFileSync(new URL('../fixtures/commitments/ales-commitments.json', import.meta.url), 'utf8'),
).commitments;

const key = (text: string) => foldLoose(text).replace(/[^a-z0-9]/g, '');
const firstYear = (text: string | null | undefined) => (text ? /\d{4}/.exec(text)?.[0] : undefined);

function matches(row: Commitment, label: Label): boolean {
  if (row.source !== label.document || key(row.partner) !== key(label.partner)) return false;
  if (label.amount !== null && row.amount === label.amount) return true;
  const sentence = foldLoose(row.text);
  const excerpt = foldLoose(label.excerpt);
  return sentence.includes(excerpt) || excerpt.includes(sentence);
}

/** Each label paired with at most one row, each row with at most one label. */
function pair(rows: Commitment[]): { label: Label; row: Commitment }[] {
  const used = new Set<Commitment>();
  const pairs: { label: Label; row: Commitment }[] = [];
  for (const label of labels) {
    const row = rows.find((r) => !used.has(r) && matches(r, label));
    if (!row) continue;
    used.add(row);
    pairs.push({ label, row });
  }
  return pairs;
}

describe('extractCommitments on the default corpus, against hand labels', () => {
  let rows: Commitment[] = [];
  let pairs: { label: Label; row: Commitment }[] = [];

  beforeAll(async () => {
    rows = extractCommitments(await readCorpusPassages());
    pairs = pair(rows);
  });

  it('labels quote the corpus (each excerpt is in its document)', () => {
    const corpusDir = new URL('../../corpus/', import.meta.url);
    const missing = labels.filter((label) => {
      if (label.document.endsWith('.pdf')) return false;
      return !foldLoose(readFileSync(new URL(label.document, corpusDir), 'utf8')).includes(
        foldLoose(label.excerpt),
      );
    });
    expect(missing).toEqual([]);
  });

  it(`reaches recall ≥ ${TARGET_RECALL} and precision ≥ ${TARGET_PRECISION}`, () => {
    const recall = pairs.length / labels.length;
    const precision = rows.length === 0 ? 0 : pairs.length / rows.length;
    const sameAmount = pairs.filter(({ label, row }) => (label.amount ?? undefined) === row.amount).length;
    const sameYear = pairs.filter(({ label, row }) => firstYear(label.year) === firstYear(row.date)).length;
    const sameNeighbourhoods = pairs.filter(
      ({ label, row }) =>
        [...label.neighbourhoods].map(key).sort().join('|') ===
        [...row.neighbourhoods].map(key).sort().join('|'),
    ).length;
    const missed = labels.filter((label) => !pairs.some((p) => p.label === label));
    const extra = rows.filter((row) => !pairs.some((p) => p.row === row));
    console.log(
      [
        `engagements : ${labels.length} étiquetés, ${rows.length} extraits, ${pairs.length} appariés`,
        `rappel ${recall.toFixed(3)} · précision ${precision.toFixed(3)}`,
        `sur les appariés : montant juste ${sameAmount}/${pairs.length}, année juste ${sameYear}/${pairs.length}, quartiers justes ${sameNeighbourhoods}/${pairs.length}`,
        ...missed.map((l) => `  manqué : ${l.document} · ${l.partner} · ${l.excerpt}`),
        ...extra.map((r) => `  en trop : ${r.source} · ${r.partner} · ${r.text.slice(0, 100)}`),
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(TARGET_RECALL);
    expect(precision).toBeGreaterThanOrEqual(TARGET_PRECISION);
  });

  it('gives the sums the documents state to the partner that brings them', () => {
    const withSum = labels.filter((l) => l.amount !== null);
    const right = withSum.filter((l) => pairs.some((p) => p.label === l && p.row.amount === l.amount));
    expect(right.length / withSum.length).toBeGreaterThanOrEqual(0.9);
  });

  it('takes nothing from the law, the decree or the repairs guide', () => {
    const off = rows.filter((r) => /^(loi|decret|guide)-/.test(r.source));
    expect(off).toEqual([]);
  });
});
