/**
 * Non-text content under a text extension, with real files: the SQLite native module this project
 * ships (an executable: ELF on Linux, Mach-O on macOS, PE on Windows), pdf.js's WebAssembly, a PNG
 * icon, a corpus PDF, random bytes. Every text file of the real corpus must still read as text.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectBinary } from './binary.ts';

const require = createRequire(import.meta.url);
const NATIVE_MODULE = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
const WASM = require.resolve('pdfjs-dist/wasm/qcms_bg.wasm');
const PNG = join(dirname(require.resolve('playwright-core/package.json')), 'lib/server/chromium/appIcon.png');
const PDF = 'tests/fixtures/pdf/01_guide-qui-repare-qui-entretient_reparations-locatives.pdf';

/** Random bytes with every NUL replaced, so only the control-character rule can catch them. */
function randomWithoutNul(size: number): Uint8Array {
  const bytes = randomBytes(size);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) bytes[i] = 0x41;
  return bytes;
}

/** Random bytes above 0x7F only: no control character, not UTF-8, not French in Latin-1. */
function randomHighBytes(size: number): Uint8Array {
  return randomBytes(size).map((b) => 0xa0 + (b % 0x60));
}

describe('detectBinary', () => {
  describe('with real binary files', () => {
    it.each([
      ['a native executable module', NATIVE_MODULE, /programme exécutable/],
      ['a PNG image', PNG, /image PNG/],
      ['a PDF', PDF, /un PDF/],
      ['a WebAssembly module', WASM, /octets nuls/],
    ])('names %s', async (_case, path, reason) => {
      expect(detectBinary(await readFile(path))).toMatch(reason);
    });

    it('names a ZIP archive (a .docx, an .odt)', () => {
      // A real (empty-comment) ZIP: one stored file "a.txt" holding "a", as `zip` writes it.
      const zip = Buffer.from(
        '504b03040a0000000000000000004365b7e801000000010000000500000061' +
          '2e74787461504b01021e030a0000000000000000004365b7e80100000001' +
          '0000000500000000000000000000008081000000006120e7478745504b05' +
          '06000000000100010033000000240000000000',
        'hex',
      );
      expect(detectBinary(zip)).toMatch(/archive ZIP/);
    });
  });

  describe('with random bytes', () => {
    it('refuses them (with NUL bytes)', () => {
      expect(detectBinary(randomBytes(4096))).toBeDefined();
    });

    it('refuses them without any NUL byte, by their control characters', () => {
      expect(detectBinary(randomWithoutNul(4096))).toMatch(/caractères de contrôle/);
    });

    it('refuses high bytes that are neither UTF-8 nor readable Latin-1', () => {
      expect(detectBinary(randomHighBytes(4096))).toMatch(/ni de l’UTF-8 ni du Latin-1/);
    });
  });

  describe('with text', () => {
    it('accepts every text file of the corpus', async () => {
      const names = (await readdir('corpus')).filter((name) => /\.(md|html?|txt)$/.test(name));
      expect(names.length).toBeGreaterThan(5);
      for (const name of names) {
        expect([name, detectBinary(await readFile(join('corpus', name)))]).toEqual([name, undefined]);
      }
    });

    it('accepts French saved as Latin-1 and Windows-1252, tabs and form feeds', () => {
      expect(detectBinary(Buffer.from('Été à Alès', 'latin1'))).toBeUndefined();
      const latin1 = Buffer.from(
        'Le contrat de ville engage l’État ; les élèves à Alès reçoivent une aide.\t\f\r\n'.replace('’', "'"),
        'latin1',
      );
      expect(detectBinary(latin1)).toBeUndefined();
      // 0x92 is the curly apostrophe in Windows-1252.
      const cp1252 = Buffer.concat(
        Array.from({ length: 20 }, () =>
          Buffer.concat([
            Buffer.from('l', 'latin1'),
            Buffer.from([0x92]),
            Buffer.from('État à Alès, ', 'latin1'),
          ]),
        ),
      );
      expect(cp1252.length).toBeGreaterThan(256);
      expect(detectBinary(cp1252)).toBeUndefined();
    });

    it('accepts words that begin like a signature ("MZ", "BM", "ID3")', () => {
      for (const text of ['MZ-Vitamine, association', 'BMX au parc', 'ID3 : étiquettes']) {
        expect(detectBinary(Buffer.from(text))).toBeUndefined();
      }
    });

    it('tells UTF-16 text apart, with what to do', () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Contrat de ville', 'utf16le')]);
      expect(detectBinary(utf16)).toMatch(/UTF-16.*UTF-8/);
    });
  });
});
