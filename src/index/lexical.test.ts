import { describe, expect, it } from 'vitest';
import { analyze } from '../text/french.ts';
import { type LexicalFields, LexicalIndex, type LexicalIndexData } from './lexical.ts';
import { parseIntegerList } from './lexical-data.ts';

/** Passages in the style of the corpus: a contrat de ville, its neighbourhoods and their services. */
const PASSAGES: Record<number, { body: string; context: string }> = {
  1: {
    body: "La réhabilitation de 450 logements sociaux est prévue dans le quartier prioritaire des Cévennes, avec le bailleur Logis Cévenols et l'ANRU.",
    context: 'Contrat de ville d’Alès > Cadre de vie et renouvellement urbain',
  },
  2: {
    body: "Le pilier emploi vise l'insertion professionnelle des jeunes de moins de 26 ans : la Mission locale et Pôle emploi tiennent une permanence hebdomadaire.",
    context: 'Contrat de ville d’Alès > Emploi et développement économique',
  },
  3: {
    body: 'Le programme de réussite éducative accompagne les élèves des écoles et collèges du réseau d’éducation prioritaire, avec des ateliers après la classe.',
    context: 'Contrat de ville d’Alès > Cohésion sociale > Éducation',
  },
  4: {
    body: 'À La Grand-Combe, le quartier prioritaire QP030002 compte 2 300 habitants ; le centre social y propose des activités de loisirs.',
    context: 'Bilan des contrats de ville de La Grand-Combe et Saint-Ambroix',
  },
  5: {
    body: 'La loi n° 2014-173 du 21 février 2014 de programmation pour la ville et la cohésion urbaine définit les quartiers prioritaires.',
    context: 'Loi de programmation pour la ville et la cohésion urbaine',
  },
  6: {
    body: 'Le prix du ticket de bus est réduit pour les habitants des quartiers.',
    context: 'Transports',
  },
  7: {
    body: 'Les rendez-vous sont pris au guichet unique de la mairie.',
    context: 'Démarches',
  },
};

function buildIndex(labels = Object.keys(PASSAGES).map(Number)): LexicalIndex {
  const index = new LexicalIndex();
  for (const label of labels) index.add(label, PASSAGES[label]!);
  return index;
}

const labelsOf = (hits: { label: number }[]) => hits.map((h) => h.label);
const QUERIES = [
  'rehabilitation des logements',
  "aide a l'emploi des jeunes",
  'ecole et reussite educative',
  'grand combe',
  'loi 2014-173',
  'logment prioritere',
  'quartier prioritaire',
];

describe('LexicalIndex', () => {
  describe('search', () => {
    it('ranks the passage that answers first', () => {
      const index = buildIndex();
      expect(index.search('Où en est la réhabilitation des logements ?')[0]?.label).toBe(1);
      expect(index.search("aide a l'emploi des jeunes")[0]?.label).toBe(2);
      expect(index.search('ecole et reussite educative')[0]?.label).toBe(3);
      expect(index.search('grand combe')[0]?.label).toBe(4);
      expect(index.search('QP030002')[0]?.label).toBe(4);
      expect(index.search('loi 2014-173')[0]?.label).toBe(5);
    });

    it('weighs the title and heading path above the body', () => {
      const index = new LexicalIndex();
      index.add(1, { body: 'Un atelier pour les jeunes du quartier.', context: 'Actions' });
      index.add(2, { body: 'Un atelier pour les jeunes du quartier.', context: 'Jeunesse et jeunes' });
      expect(labelsOf(index.search('jeunes'))).toEqual([2, 1]);
    });

    it('returns the folded query words that matched', () => {
      const hit = buildIndex().search('Réhabilitation LOGEMENTS piscine')[0];
      expect(hit?.label).toBe(1);
      expect(hit?.matched.sort()).toEqual(['logements', 'rehabilitation']);
    });

    it('honours k and the filter', () => {
      const index = buildIndex();
      expect(index.search('quartier', { k: 2 })).toHaveLength(2);
      const kept = labelsOf(index.search('quartier', { filter: (label) => label !== 1 && label !== 4 }));
      expect(kept.sort()).toEqual([5, 6]);
    });

    it('finds nothing for a question made only of stop words', () => {
      expect(buildIndex().search("qu'est-ce que c'est ?")).toEqual([]);
    });
  });

  describe('typos', () => {
    it('corrects words the index does not know', () => {
      const hits = buildIndex().search('logment prioritere');
      expect(hits[0]?.label).toBe(1);
      expect(hits[0]?.matched.sort()).toEqual(['logement', 'prioritaire']);
    });

    it("finds words spelt by ear, further than two edits from the documents' spelling", () => {
      // "reabilitassion" is 3 edits from "rehabilitation"; "kartié" sounds like "quartier".
      const hits = buildIndex().search('reabilitassion kartié');
      expect(hits[0]?.label).toBe(1);
      expect(hits[0]?.matched.sort()).toEqual(['quartier', 'rehabilitation']);
    });

    it('never corrects the first letter, except an article glued to its word', () => {
      const index = buildIndex();
      // "vrix" is one edit from "prix", but a typo of "prix" would keep its "p".
      expect(index.search('vrix')).toEqual([]);
      expect(index.search('dhabitants')[0]?.matched).toEqual(['habitant']);
      expect(index.search('lemploi')[0]?.label).toBe(2);
    });

    it('does not expand a word the index knows', () => {
      // `prix` and `pris` are one edit apart: a known word must not bring the other in.
      const index = buildIndex();
      expect(labelsOf(index.search('prix'))).toEqual([6]);
      expect(labelsOf(index.search('pris'))).toEqual([7]);
      expect(labelsOf(index.search('priz')).sort()).toEqual([6, 7]);
    });

    it('reports which question word each correction stands for, and nothing for known words', () => {
      const corrections = buildIndex().correctionsOf('logment du quartier et priz');
      expect(Object.fromEntries(corrections)).toEqual({
        [analyze('logment')[0]!]: [analyze('logement')[0]],
        [analyze('priz')[0]!]: expect.arrayContaining([analyze('prix')[0], analyze('pris')[0]]),
      });
    });

    it('scores a corrected word below the word itself', () => {
      const index = buildIndex();
      expect(index.search('priz')[0]!.score).toBeLessThan(index.search('prix')[0]!.score);
    });
  });

  describe('remove', () => {
    it('never returns a removed passage again', () => {
      const index = buildIndex();
      expect(index.remove(1)).toBe(true);
      expect(index.has(1)).toBe(false);
      expect(index.size).toBe(6);
      expect(labelsOf(index.search('rehabilitation logements'))).not.toContain(1);
      expect(index.search('rehabilitation')).toEqual([]);
      expect(index.remove(1)).toBe(false);
    });

    it('leaves the statistics of an index that never had the passage', () => {
      const index = buildIndex();
      index.remove(3);
      index.remove(5);
      const fresh = buildIndex([1, 2, 4, 6, 7]);
      for (const query of QUERIES) expect(index.search(query), query).toEqual(fresh.search(query));
    });

    it('replaces a passage added again under the same label', () => {
      const index = buildIndex();
      index.add(6, { body: 'Horaires de la médiathèque municipale.' });
      expect(index.size).toBe(7);
      expect(index.search('ticket bus')).toEqual([]);
      expect(labelsOf(index.search('mediatheque'))).toEqual([6]);
    });
  });

  describe('queryCoverage', () => {
    const index = buildIndex();

    it('is 1 when the passage has every query word, less when it lacks some', () => {
      expect(index.queryCoverage('réhabilitation logements', 1)).toBe(1);
      const partial = index.queryCoverage('réhabilitation logements écoles', 1);
      expect(partial).toBeGreaterThan(0.3);
      expect(partial).toBeLessThan(1);
      expect(index.queryCoverage('réhabilitation logements', 2)).toBe(0);
    });

    it('counts a rare word more than a common one, and an unknown word as the rarest', () => {
      // `quartier` is in four passages, `loisirs` in one.
      expect(index.queryCoverage('loisirs quartier', 4)).toBe(1);
      expect(index.queryCoverage('loisirs piscine', 4)).toBeLessThan(0.5);
      expect(index.queryCoverage('loisirs quartier', 6)).toBeLessThan(
        index.queryCoverage('loisirs quartier', 5) + 0.01,
      );
      expect(index.queryCoverage('loisirs quartier', 6)).toBeLessThan(0.5);
    });

    it('gives partial credit for a corrected typo, and 0 for an unknown label', () => {
      const corrected = index.queryCoverage('logment', 1);
      expect(corrected).toBeGreaterThan(0);
      expect(corrected).toBeLessThan(1);
      expect(index.queryCoverage('logements', 99)).toBe(0);
    });
  });

  describe('toJSON / fromJSON', () => {
    it('gives identical results after a round trip through JSON text', () => {
      const index = buildIndex();
      index.remove(2);
      const loaded = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
      expect(loaded.size).toBe(index.size);
      for (const query of [...QUERIES, 'priz']) {
        expect(loaded.search(query), query).toEqual(index.search(query));
        expect(loaded.queryCoverage(query, 1)).toBe(index.queryCoverage(query, 1));
      }
    });

    it('loads an index that can still be changed', () => {
      const loaded = LexicalIndex.fromJSON(buildIndex().toJSON());
      loaded.remove(4);
      loaded.add(8, { body: 'Le quartier de la Grand-Combe accueille un nouveau marché.' });
      expect(labelsOf(loaded.search('grand combe marche'))).toEqual([8]);
    });

    it('merges the parts of a segmented index as one index built whole, without their deleted passages', async () => {
      const all = Object.keys(PASSAGES).map(Number);
      const first = buildIndex(all.slice(0, 4)).toJSON();
      const second = buildIndex(all.slice(4)).toJSON();
      const whole = buildIndex(all.filter((label) => label !== 2));
      const parts = [{ data: first, deleted: new Set([2]) }, { data: second }];
      for (const merged of [LexicalIndex.fromParts(parts), await LexicalIndex.loadParts(parts, 0)]) {
        expect(merged.size).toBe(whole.size);
        for (const query of [...QUERIES, 'priz']) {
          expect(merged.search(query), query).toEqual(whole.search(query));
          expect(merged.queryCoverage(query, 1)).toBe(whole.queryCoverage(query, 1));
        }
      }
    });

    it('lets the thread do other work while it loads (loadParts)', async () => {
      let answered = false;
      setImmediate(() => {
        answered = true;
      });
      const loaded = await LexicalIndex.loadParts([{ data: buildIndex().toJSON() }], 0);
      // The callback queued before the load ran before the load ended: it gave the thread back.
      expect(answered).toBe(true);
      expect(loaded.search('grand combe')).toEqual(buildIndex().search('grand combe'));
    });

    it('reads posting lines as numbers, and refuses a line that is not a list of them', () => {
      const line = (text: string) => Buffer.from(text);
      expect([...parseIntegerList(line('[0,12,305]'), 0, 10)]).toEqual([0, 12, 305]);
      expect([...parseIntegerList(line('[]'), 0, 2)]).toEqual([]);
      for (const bad of ['[1,,2]', '[1,-2]', '[1.5]', '1,2]', '[1,2', '[1,]', '[12345678901]']) {
        expect(() => parseIntegerList(line(bad), 0, bad.length), bad).toThrow(/Invalid lexical index/);
      }
    });

    it('refuses data that is not an index of this format', () => {
      const data = buildIndex().toJSON();
      expect(() => LexicalIndex.fromJSON({ ...data, format: 'other' })).toThrow(/Invalid lexical index/);
      expect(() => LexicalIndex.fromJSON({ ...data, postings: data.postings.map(() => [99, 1, 0]) })).toThrow(
        /document 99/,
      );
      expect(() => LexicalIndex.fromJSON(null)).toThrow(/Invalid lexical index/);
    });
  });

  describe('extend', () => {
    /** Words of the passages above and some they never use, for passages made up at random. */
    const WORDS = [
      ...new Set(Object.values(PASSAGES).flatMap((p) => `${p.body} ${p.context}`.split(/[\s,.;:’']+/))),
      ...['marché', 'piscine', 'chauffage', 'ludothèque', 'médiathèque', 'jardins', 'partagés', 'cantine'],
    ].filter((word) => word.length > 1);
    const EXTEND_QUERIES = [
      ...QUERIES,
      'priz',
      'chofage',
      'piscine du quartier',
      'ludoteque',
      'mediatheque cantine',
    ];

    /** A made-up passage, the same for a label and a seed (a small linear congruential generator). */
    function passage(label: number, seed: number): LexicalFields {
      let state = (label * 7919 + seed * 104729) % 2147483647 || 1;
      const next = (n: number) => {
        state = (state * 48271) % 2147483647;
        return state % n;
      };
      const pick = (count: number) =>
        Array.from({ length: count }, () => WORDS[next(WORDS.length)]).join(' ');
      return { body: pick(8 + next(20)), context: pick(1 + next(4)) };
    }

    function segment(labels: number[], seed: number): LexicalIndexData {
      const index = new LexicalIndex();
      for (const label of labels) index.add(label, passage(label, seed));
      return index.toJSON();
    }

    function expectSameIndex(extended: LexicalIndex, whole: LexicalIndex, labels: number[]): void {
      expect(extended.size).toBe(whole.size);
      for (const query of EXTEND_QUERIES) {
        expect(extended.search(query, { k: 50 }), query).toEqual(whole.search(query, { k: 50 }));
        expect(extended.correctionsOf(query), query).toEqual(whole.correctionsOf(query));
        for (const label of labels.slice(0, 5))
          expect(extended.queryCoverage(query, label)).toBe(whole.queryCoverage(query, label));
      }
      expect(extended.toJSON()).toEqual(whole.toJSON());
    }

    it('gives the index fromParts gives, over updates that add segments and delete passages', async () => {
      const segments: { data: LexicalIndexData; deleted: Set<number> }[] = [
        { data: segment([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1), deleted: new Set() },
      ];
      let index = LexicalIndex.fromParts(segments);
      let nextLabel = 13;
      for (let update = 2; update <= 12; update++) {
        const live = segments.flatMap(({ data, deleted }) => data.labels.filter((l) => !deleted.has(l)));
        // One document changed: its passages deleted where they were, written again in a new segment.
        const changed = live.filter((label) => label % update === 1).slice(0, 2);
        for (const { data, deleted } of segments)
          for (const label of changed) if (data.labels.includes(label)) deleted.add(label);
        const added = [nextLabel++, nextLabel++, ...(update % 3 === 0 ? [nextLabel++] : [])];
        segments.push({ data: segment(added, update), deleted: new Set() });
        const before = index.search('piscine logements', { k: 50 });
        const extended = await index.extend([segments.at(-1)!], new Set(changed), 0);
        expect(extended, `update ${update}`).toBeDefined();
        // The version extended is still served meanwhile, unchanged.
        expect(index.search('piscine logements', { k: 50 })).toEqual(before);
        const labels = [...live.filter((l) => !changed.includes(l)), ...added];
        expectSameIndex(extended!, LexicalIndex.fromParts(segments), labels);
        index = extended!;
      }
      // Shared with another thread, the extended index searches alike there.
      const copy = await LexicalIndex.fromShared(structuredClone(await index.toShared(0)), 0);
      expectSameIndex(copy, LexicalIndex.fromParts(segments), []);
    });

    it('is adopted by another thread on top of the version that thread served before', async () => {
      const first = { data: segment([1, 2, 3, 4, 5, 6], 1), deleted: new Set<number>() };
      const reader = LexicalIndex.fromParts([first]);
      const other = await LexicalIndex.fromShared(structuredClone(await reader.toShared(0)), 0);
      const second = { data: segment([7, 8], 2) };
      const next = (await reader.extend([second], new Set([2]), 0))!;
      const shared = structuredClone(await next.toShared(0));
      const adopted = await LexicalIndex.fromShared(shared, 0, other);
      first.deleted.add(2);
      expectSameIndex(adopted, LexicalIndex.fromParts([first, second]), [1, 7, 8]);
      // Its vocabulary extends the one before (only the new words added), which still serves alike.
      expect(adopted['typos'].depth).toBe(other['typos'].depth + 1);
      expect(other.search('ludoteque piscine', { k: 50 })).toEqual(
        reader.search('ludoteque piscine', { k: 50 }),
      );
      // Not on top of an index whose words are not the first of the shared ones.
      const unrelated = LexicalIndex.fromJSON(buildIndex().toJSON());
      const flat = await LexicalIndex.fromShared(shared, 0, unrelated);
      expect(flat['typos'].depth).toBe(0);
      expectSameIndex(flat, adopted, [1, 7, 8]);
    });

    it('leaves the index it extends as it was when either is changed afterwards', async () => {
      const base = LexicalIndex.fromJSON(buildIndex([1, 2, 3]).toJSON());
      const extended = (await base.extend([{ data: buildIndex([4]).toJSON() }], new Set([2]), 0))!;
      extended.add(8, { body: 'La ludothèque du quartier ouvre le mercredi.' });
      base.add(9, { body: 'Une médiathèque itinérante passe le samedi.' });
      expect(labelsOf(extended.search('ludoteque'))).toEqual([8]);
      expect(base.search('ludoteque')).toEqual([]);
      expect(labelsOf(base.search('mediateque'))).toEqual([9]);
      expect(extended.search('mediateque')).toEqual([]);
      expect(extended.has(2)).toBe(false);
      expect(base.has(2)).toBe(true);
    });

    it('takes a deleted passage written again under its label in a new part', async () => {
      const first = buildIndex([1, 2, 3]).toJSON();
      const again = segment([2], 5);
      const extended = await LexicalIndex.fromJSON(first).extend([{ data: again }], new Set([2]), 0);
      const whole = LexicalIndex.fromParts([{ data: first, deleted: new Set([2]) }, { data: again }]);
      expect(extended!.has(2)).toBe(true);
      expectSameIndex(extended!, whole, [1, 2, 3]);
    });

    it('asks for a whole load when too many passages would be holes, or after many extensions', async () => {
      const labels = Array.from({ length: 6000 }, (_, n) => n);
      const base = LexicalIndex.fromJSON(segment(labels, 1));
      expect(await base.extend([], new Set(labels.slice(0, 1000)), 0)).toBeDefined();
      expect(await base.extend([], new Set(labels.slice(0, 1500)), 0)).toBeUndefined();
      let index = base;
      for (let n = 0; n < 16; n++)
        index = (await index.extend([{ data: segment([6000 + n], 2) }], new Set(), 0))!;
      expect(index.size).toBe(6016);
      expect(await index.extend([], new Set(), 0)).toBeUndefined();
    });

    it('is refused for an index built passage by passage', async () => {
      await expect(buildIndex().extend([], new Set())).rejects.toThrow(/loaded/);
    });
  });

  describe('toShared / fromShared', () => {
    const loadedIndex = () => LexicalIndex.fromJSON(buildIndex().toJSON());

    it('searches the same shared memory in another thread, with the same results', async () => {
      const loaded = loadedIndex();
      const shared = await loaded.toShared();
      // What a MessagePort carries: the arrays' buffers are shared, not copied.
      const received = structuredClone(shared);
      const { arrays, strings, typoTerms } = received;
      for (const array of [...Object.values(arrays), ...Object.values(strings), typoTerms]) {
        expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
      }
      const first = shared.arrays.postings[0]!;
      received.arrays.postings[0] = -7;
      expect(shared.arrays.postings[0]).toBe(-7);
      received.arrays.postings[0] = first;
      const copy = await LexicalIndex.fromShared(structuredClone(await loaded.toShared(0)), 0);
      expect(copy.size).toBe(loaded.size);
      for (const query of [...QUERIES, 'priz', 'chofage']) {
        expect(copy.search(query), query).toEqual(loaded.search(query));
        expect(copy.queryCoverage(query, 1)).toBe(loaded.queryCoverage(query, 1));
        expect(copy.correctionsOf(query)).toEqual(loaded.correctionsOf(query));
      }
    });

    it('changes only its own copy when it is changed', async () => {
      const loaded = loadedIndex();
      const copy = await LexicalIndex.fromShared(await loaded.toShared(), 0);
      copy.remove(4);
      copy.add(8, { body: 'Le quartier de la Grand-Combe accueille un nouveau marché.' });
      expect(labelsOf(copy.search('grand combe marche'))).toEqual([8]);
      expect(labelsOf(loaded.search('grand combe'))).toContain(4);
      expect(loaded.has(8)).toBe(false);
    });

    it('is refused for an index built passage by passage, whose lists are not shared', async () => {
      await expect(buildIndex().toShared()).rejects.toThrow(/loaded/);
    });
  });
});
