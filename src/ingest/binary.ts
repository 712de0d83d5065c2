/**
 * Is a "text" file (.md, .html, .txt) really text? An executable or an archive saved under a text
 * extension would otherwise be decoded as Latin-1 and cut into passages of NUL bytes and noise that
 * residents could get as citations. Known formats are named by their magic number; anything else is
 * judged by its control characters, which text (UTF-8, or the Latin-1 / Windows-1252 the readers
 * accept) almost never holds and random bytes hold one time in ten.
 */

interface Signature {
  /** Bytes at `offset`. */
  bytes: number[];
  offset?: number;
  name: string;
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The formats most likely to be misnamed on a municipal share drive. */
const SIGNATURES: Signature[] = [
  { bytes: [0x7f, ...ascii('ELF')], name: 'un programme exécutable (ELF)' },
  { bytes: ascii('MZ'), name: 'un programme exécutable Windows (PE)' },
  { bytes: [0xfe, 0xed, 0xfa, 0xce], name: 'un programme exécutable macOS (Mach-O)' },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], name: 'un programme exécutable macOS (Mach-O)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], name: 'un programme exécutable macOS (Mach-O)' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], name: 'un programme compilé (Java ou macOS)' },
  { bytes: ascii('%PDF-'), name: 'un PDF' },
  { bytes: [...ascii('PK'), 0x03, 0x04], name: 'une archive ZIP (ou un document Office / OpenDocument)' },
  { bytes: [...ascii('PK'), 0x05, 0x06], name: 'une archive ZIP vide' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'un ancien document Office (.doc, .xls)' },
  { bytes: [0x1f, 0x8b], name: 'une archive gzip' },
  { bytes: [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c], name: 'une archive 7-Zip' },
  { bytes: ascii('Rar!'), name: 'une archive RAR' },
  { bytes: ascii('ustar'), offset: 257, name: 'une archive tar' },
  { bytes: [0x89, ...ascii('PNG')], name: 'une image PNG' },
  { bytes: [0xff, 0xd8, 0xff], name: 'une image JPEG' },
  { bytes: ascii('GIF8'), name: 'une image GIF' },
  { bytes: ascii('BM'), name: 'une image BMP' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], name: 'une image TIFF' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], name: 'une image TIFF' },
  { bytes: ascii('WEBP'), offset: 8, name: 'une image ou un son (RIFF)' },
  { bytes: ascii('WAVE'), offset: 8, name: 'une image ou un son (RIFF)' },
  { bytes: ascii('ftyp'), offset: 4, name: 'une vidéo ou une image (MP4, HEIC)' },
  { bytes: ascii('ID3'), name: 'un son MP3' },
  { bytes: ascii('OggS'), name: 'un son ou une vidéo Ogg' },
  { bytes: [...ascii('SQLite format 3'), 0], name: 'une base de données SQLite' },
];

/** These start plain words too ("MZ-Vitamine", "BMX", "ID3 tags"): for them a NUL must follow close by. */
const NEEDS_NUL = new Set(['MZ', 'BM', 'ID3']);
/** Bytes looked at for control characters: enough to judge, cheap on a large file. */
const SAMPLE_BYTES = 64 * 1024;
/**
 * Share of control characters above which a file is not text. Text has none besides tab, line
 * breaks and form feed; a stray one in a long page is tolerated. Random bytes reach about 10 %.
 */
const MAX_CONTROL_SHARE = 0.01;
/**
 * In a file that is not UTF-8, the share of bytes above 0x7F beyond which it is not Latin-1 text
 * either: accented letters are a few per cent of French, random bytes half.
 */
const MAX_HIGH_SHARE_LATIN1 = 0.3;
/** A few words ("Été à Alès") can pass that share: the rule needs a sample long enough to mean it. */
const MIN_BYTES_FOR_HIGH_SHARE = 256;
/** Bytes Windows-1252 leaves undefined: a Latin-1 decoding makes them control characters. */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

function startsWith(data: Uint8Array, bytes: number[], offset = 0): boolean {
  if (data.length < offset + bytes.length) return false;
  return bytes.every((b, i) => data[offset + i] === b);
}

/** Valid UTF-8, allowing a character cut at the end of the sample. */
function isUtf8(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isControl(byte: number): boolean {
  // Tab, line feed, form feed and carriage return are text; the rest of C0, and DEL, are not.
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

/**
 * Why the bytes are not a text document, in French (for the ingestion report), or undefined when
 * they are text.
 */
export function detectBinary(data: Uint8Array): string | undefined {
  const head = data.subarray(0, SAMPLE_BYTES);
  if (UTF16_BOMS.some((bom) => startsWith(head, bom))) {
    return 'texte encodé en UTF-16 : enregistrez-le en UTF-8 pour qu’il soit indexé';
  }
  for (const signature of SIGNATURES) {
    if (!startsWith(head, signature.bytes, signature.offset)) continue;
    const magic = String.fromCharCode(...signature.bytes);
    if (NEEDS_NUL.has(magic) && !head.subarray(0, 64).includes(0)) continue;
    return `le contenu est ${signature.name}, pas du texte : fichier ignoré`;
  }
  if (head.includes(0)) return 'le fichier contient des octets nuls : c’est un fichier binaire, pas du texte';
  const utf8 = isUtf8(head);
  let controls = 0;
  let high = 0;
  for (const byte of head) {
    if (isControl(byte) || (!utf8 && UNDEFINED_1252.has(byte))) controls++;
    if (byte > 0x7f) high++;
  }
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE) {
    return 'le fichier contient des caractères de contrôle : c’est un fichier binaire, pas du texte';
  }
  if (!utf8 && head.length >= MIN_BYTES_FOR_HIGH_SHARE && high / head.length > MAX_HIGH_SHARE_LATIN1) {
    return 'le contenu n’est ni de l’UTF-8 ni du Latin-1 lisible : c’est un fichier binaire, pas du texte';
  }
  return undefined;
}
