import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSidecar, resolveMeta, titleFromFileName } from './metadata.ts';

const GUIDE = 'guide-reparations-locatives_qui-repare-qui-entretient.pdf';

describe('resolveMeta', () => {
  it('lets the sidecar override what the file says about itself', () => {
    const resolved = resolveMeta(
      'page.html',
      { title: 'Accueil | Ville', url: 'https://ales.fr/a' },
      { title: 'Contrat de ville' },
    );
    expect(resolved).toEqual({
      meta: { title: 'Contrat de ville', url: 'https://ales.fr/a', kind: 'web', excerpt: false },
    });
  });

  it('falls back to a title made from the file name and a kind from its extension', () => {
    expect(resolveMeta(GUIDE, {}, undefined)).toEqual({
      meta: { title: 'Guide reparations locatives qui repare qui entretient', kind: 'pdf', excerpt: false },
    });
    expect(resolveMeta('notes.txt', {}, undefined)).toMatchObject({ meta: { kind: 'text' } });
    expect(resolveMeta('faq.md', { kind: 'law', excerpt: true }, undefined)).toMatchObject({
      meta: { kind: 'law', excerpt: true },
    });
  });

  it('reads a year written as a number', () => {
    expect(resolveMeta('a.pdf', {}, { date: 2017 })).toMatchObject({ meta: { date: '2017' } });
  });

  describe('when the sidecar is wrong', () => {
    it.each([
      ['a misspelt key', { tilte: 'x' }],
      ['a date in another format', { date: '05/2017' }],
      ['an excerpt that is not a boolean', { excerpt: 'oui' }],
      ['an address that is not http(s)', { url: 'ftp://example.org/a.pdf' }],
      ['not an object', ['title']],
    ])('returns an error naming the file for %s', (_, sidecar) => {
      const resolved = resolveMeta('docs/guide.pdf', {}, sidecar);
      expect(resolved).toEqual({ error: expect.stringContaining('guide.pdf.meta.json') });
    });
  });

  it('accepts the sidecar shipped with the corpus guide', async () => {
    const path = new URL(`../../corpus/${GUIDE}.meta.json`, import.meta.url).pathname;
    const resolved = resolveMeta(GUIDE, { title: 'MINISTERE' }, await readSidecar(path));
    expect(resolved).toEqual({
      meta: {
        title: 'Votre habitat – Qui répare, qui entretient ?',
        url: expect.stringMatching(
          /^https:\/\/github\.com\/MTES-MCT\/histologe\/blob\/[^/]+\/assets\/files\/GUIDE-QUI-REPARE-QUI-ENTRETIENT-Ministere2016-1\.pdf$/,
        ),
        publisher: 'Ministère de la Cohésion des territoires',
        date: '2017',
        kind: 'guide',
        excerpt: false,
      },
    });
  });
});

describe('readSidecar', () => {
  it('returns undefined when there is no sidecar, and rejects invalid JSON as a read error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citadoc-meta-'));
    expect(await readSidecar(join(dir, 'absent.pdf.meta.json'))).toBeUndefined();
    const broken = join(dir, 'broken.pdf.meta.json');
    await writeFile(broken, '{ "title": ');
    await expect(readSidecar(broken)).rejects.toMatchObject({ name: 'ReadError', reason: 'corrupt' });
    const good = join(dir, 'good.pdf.meta.json');
    await writeFile(good, '{ "kind": "contract" }');
    expect(await readSidecar(good)).toEqual({ kind: 'contract' });
  });
});

describe('titleFromFileName', () => {
  it('humanises a file name', () => {
    expect(titleFromFileName('corpus/contrat_de-ville.2024.pdf')).toBe('Contrat de ville 2024');
  });
});
