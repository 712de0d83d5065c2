import { describe, expect, it } from 'vitest';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { compileEntryPoints, type EntryPoint, SOURCE_ENTRY_POINTS } from '../entry-points.ts';
import { type EmbedHelper, embedBeside, startEmbedHelper } from './embed-helper.ts';

/** A vector that says which text it is for, and who computed it. */
const vectorOf = (text: string, by: number) => Float32Array.of(Number(text), by);

function fakeEmbedder(calls: string[][]): Embedder {
  return {
    spec: {} as Embedder['spec'],
    embedQuery: async () => new Float32Array(),
    async embedPassages(texts) {
      calls.push(texts);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return texts.map((t) => vectorOf(t, 0));
    },
  };
}

function fakeHelper(calls: string[][], { failAfter = Number.POSITIVE_INFINITY } = {}): EmbedHelper {
  return {
    async embedPassages(texts) {
      calls.push(texts);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (calls.length > failAfter) throw new Error('processus arrêté');
      return texts.map((t) => vectorOf(t, 1));
    },
    close() {},
  };
}

const BATCHES = Array.from({ length: 40 }, (_, b) => [String(2 * b), String(2 * b + 1)]);

async function share(helper: EmbedHelper, local: string[][]) {
  const added: { batch: number; texts: number[] }[] = [];
  await embedBeside(BATCHES, fakeEmbedder(local), helper, (batch, vectors) =>
    added.push({ batch, texts: vectors.map((v) => v[0]!) }),
  );
  return added;
}

describe('embedBeside', () => {
  it('shares the batches between both processes and adds them in order, each once', async () => {
    const local: string[][] = [];
    const remote: string[][] = [];
    const added = await share(fakeHelper(remote), local);
    expect(added.map((a) => a.batch)).toEqual(BATCHES.map((_, i) => i));
    expect(added.map((a) => a.texts)).toEqual(BATCHES.map((b) => b.map(Number)));
    expect(local.length).toBeGreaterThan(0);
    expect(remote.length).toBeGreaterThan(0);
    expect(local.length + remote.length).toBe(BATCHES.length);
  });

  it('embeds here what a failed helper was given, and finishes', async () => {
    const local: string[][] = [];
    const remote: string[][] = [];
    const added = await share(fakeHelper(remote, { failAfter: 3 }), local);
    expect(added.map((a) => a.texts)).toEqual(BATCHES.map((b) => b.map(Number)));
    expect(local.length).toBeGreaterThan(BATCHES.length - remote.length);
  });
});

describe.each<[string, () => Promise<EntryPoint>]>([
  ['from its source, under tsx (the command line)', async () => SOURCE_ENTRY_POINTS.helper],
  ['compiled (the service)', async () => (await compileEntryPoints()).helper],
])('startEmbedHelper %s: loads the real model in a child process', (_, entry) => {
  it('gives the vectors this process computes, byte for byte', async () => {
    const embedding = { model: 'citadoc-ngram-fr', modelsDir: 'models' };
    const texts = ['Horaires de la piscine municipale', 'Aide au logement : pièces à fournir', ''];
    const helper = startEmbedHelper(embedding, await entry());
    try {
      const [remote, local] = await Promise.all([
        helper.embedPassages(texts),
        loadEmbedder(embedding).then((e) => e.embedPassages(texts)),
      ]);
      expect(remote.map((v) => Array.from(v))).toEqual(local.map((v) => Array.from(v)));
      expect(remote[0]).toHaveLength(256);
    } finally {
      helper.close();
    }
  }, 60_000);

  it('reports a model it cannot load instead of hanging', async () => {
    const helper = startEmbedHelper({ model: 'modele-absent', modelsDir: 'models' }, await entry());
    try {
      await expect(helper.embedPassages(['texte'])).rejects.toThrow(/modele-absent/);
    } finally {
      helper.close();
    }
  }, 60_000);
});
