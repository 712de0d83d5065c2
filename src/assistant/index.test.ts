/**
 * Opening the assistant over an index built by an earlier version of the pipeline: `npm start`
 * rebuilds it, as `npm run ingest` would, instead of refusing to start after an upgrade.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTRAT, rivebelleAssistant } from '../../tests/fixtures/rivebelle.ts';
import { readCurrentVersion } from '../index/store.ts';
import { openAssistant } from './index.ts';
import type { AssistantOptions, Commitment } from './types.ts';

let root: string;
let options: AssistantOptions;

/** Marks the live index as cut by another chunker, as an older release would have left it. */
async function ageIndex(indexDir: string): Promise<string> {
  const version = (await readCurrentVersion(indexDir))!;
  const path = join(indexDir, version, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  manifest.pipeline.chunker = 'blocks-0';
  await writeFile(path, JSON.stringify(manifest));
  return version;
}

beforeAll(async () => {
  ({ root, options } = await rivebelleAssistant('citadoc-open-', { 'contrat.md': CONTRAT }));
  await (await openAssistant(options)).close();
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('openAssistant', () => {
  describe('when the index was built by another version of the pipeline', () => {
    it('rebuilds it and answers, when it may ingest', async () => {
      const aged = await ageIndex(options.indexDir);
      const assistant = await openAssistant(options);
      try {
        expect(await readCurrentVersion(options.indexDir)).not.toBe(aged);
        const answer = await assistant.ask('Quand le Contrat de ville a-t-il été signé ?', []);
        expect(answer.declined).toBe(false);
      } finally {
        await assistant.close();
      }
    });

    it('rebuilds an index of an earlier format (without stored commitments)', async () => {
      const version = (await readCurrentVersion(options.indexDir))!;
      const path = join(options.indexDir, version, 'manifest.json');
      const manifest = JSON.parse(await readFile(path, 'utf8'));
      manifest.formatVersion = 1;
      delete manifest.derived;
      await writeFile(path, JSON.stringify(manifest));
      await rm(join(options.indexDir, version, 'commitments.json'));
      const assistant = await openAssistant(options);
      try {
        expect(await readCurrentVersion(options.indexDir)).not.toBe(version);
        expect(assistant.documents().map((d) => d.source)).toEqual(['contrat.md']);
      } finally {
        await assistant.close();
      }
    });

    it('refuses to start, saying how to rebuild, when it may not', async () => {
      await ageIndex(options.indexDir);
      await expect(openAssistant({ ...options, ingestIfMissing: false })).rejects.toThrow(
        /npm run ingest -- --full/,
      );
    });
  });

  describe('when a version is loaded', () => {
    // The tests above leave an aged index: rebuilt first.
    beforeEach(async () => (await openAssistant(options)).close());

    it('lists the commitments stored with it, not extracted again from its passages', async () => {
      const version = (await readCurrentVersion(options.indexDir))!;
      const stored: Commitment = {
        partner: 'Région',
        theme: 'emploi',
        amount: 1_000,
        neighbourhoods: ['Cité Malbosc'],
        text: 'La Région apporte 1 000 euros.',
        docId: 'contrat',
        source: 'contrat.md',
        title: 'Contrat de ville',
        url: '/documents/contrat',
      };
      await writeFile(join(options.indexDir, version, 'commitments.json'), JSON.stringify([stored]));
      const assistant = await openAssistant({ ...options, ingestIfMissing: false });
      try {
        expect(assistant.commitments()).toEqual([stored]);
      } finally {
        await assistant.close();
      }
    });

    it('refuses stored commitments that are not commitments', async () => {
      const version = (await readCurrentVersion(options.indexDir))!;
      await writeFile(join(options.indexDir, version, 'commitments.json'), '[{"partner": 3}]');
      await expect(openAssistant({ ...options, ingestIfMissing: false })).rejects.toThrow(
        /engagements .* illisibles/,
      );
    });
  });
});
