/**
 * Synthetic corpora of a chosen number of passages, built from the evaluation documents (Markdown
 * and text under `corpus/`, `tests/eval/<set>/docs/` and, when present, `../shared/eval/<set>/docs/`).
 * Each synthetic document is a Markdown file of sections, one passage each (the chunker never cuts
 * across headings, and a section stays under its target size): a heading taken from the sources and
 * two or three of their paragraphs drawn at random, so the passages are French public-document text
 * with the sources' vocabulary, but no two documents are alike. Seeded, so a size always gives the
 * same corpus.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Sections per synthetic document: a one-document update re-embeds this many passages. */
export const SECTIONS_PER_DOCUMENT = 50;
/** Below the chunker's target (~700 characters), so one section is one passage. */
const SECTION_MAX_CHARS = 650;
const PARAGRAPH_MIN_CHARS = 80;
const TEXT_EXTENSIONS = new Set(['.md', '.txt']);

export interface SourceText {
  headings: string[];
  paragraphs: string[];
}

/** The folders the sources are read from that exist here (`../shared` is optional). */
export function sourceFolders(root: string): string[] {
  const folders = [join(root, 'corpus')];
  for (const base of [join(root, 'tests/eval'), join(root, '../shared/eval')]) {
    if (!existsSync(base)) continue;
    for (const set of readdirSync(base)) {
      const docs = join(base, set, 'docs');
      if (existsSync(docs) && statSync(docs).isDirectory()) folders.push(docs);
    }
  }
  // The eval sets of the default corpus link to it: each real folder once.
  return [...new Set(folders.filter(existsSync).map((f) => realpathSync(f)))];
}

/** Headings and paragraphs of the Markdown and text files in `folders` (front matter left out). */
export function readSources(folders: string[]): SourceText {
  const headings: string[] = [];
  const paragraphs: string[] = [];
  for (const folder of folders) {
    for (const name of readdirSync(folder).sort()) {
      if (!TEXT_EXTENSIONS.has(extname(name)) || /^(README|SOURCES|FORMAT)\b/i.test(name)) continue;
      const text = readFileSync(join(folder, name), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      for (const block of text.split(/\n\s*\n/)) {
        const line = block.trim();
        const heading = /^#{1,6}\s+(.+)$/.exec(line);
        if (heading?.[1] && !line.includes('\n')) headings.push(heading[1].trim());
        else if (line.length >= PARAGRAPH_MIN_CHARS && !line.startsWith('|') && !line.startsWith('#')) {
          // A long paragraph is cut at a sentence end so it fits a section.
          paragraphs.push(...fitParagraph(line.replace(/\s*\n\s*/g, ' ')));
        }
      }
    }
  }
  return { headings, paragraphs };
}

function fitParagraph(text: string): string[] {
  if (text.length <= SECTION_MAX_CHARS) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of text.split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
    if (current && current.length + sentence.length + 1 > SECTION_MAX_CHARS) {
      pieces.push(current);
      current = '';
    }
    if (sentence.length <= SECTION_MAX_CHARS) current = current ? `${current} ${sentence}` : sentence;
  }
  if (current.length >= PARAGRAPH_MIN_CHARS) pieces.push(current);
  return pieces;
}

/** Mulberry32: small, seeded, good enough to draw paragraphs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One synthetic document (`n` from 0), the same for the same sources and seed. */
export function syntheticDocument(sources: SourceText, n: number, seed = 1): string {
  const random = seededRandom(seed * 1_000_003 + n);
  const title = `Dossier ${n + 1} : ${pick(sources.headings, random)}`;
  const sections: string[] = [];
  for (let s = 0; s < SECTIONS_PER_DOCUMENT; s++) {
    const body: string[] = [];
    let length = 0;
    for (let attempt = 0; attempt < 6 && body.length < 3; attempt++) {
      const paragraph = pick(sources.paragraphs, random);
      if (length + paragraph.length > SECTION_MAX_CHARS) continue;
      body.push(paragraph);
      length += paragraph.length;
    }
    if (body.length === 0) body.push(pick(sources.paragraphs, random).slice(0, SECTION_MAX_CHARS));
    sections.push(`## ${s + 1}. ${pick(sources.headings, random)}\n\n${body.join('\n\n')}`);
  }
  return `---\ntitle: "${title.replace(/"/g, "'")}"\nkind: web\nexcerpt: false\n---\n# ${title}\n\n${sections.join('\n\n')}\n`;
}

export function documentName(n: number): string {
  return `dossier-${String(n + 1).padStart(5, '0')}.md`;
}

/** Writes a corpus of about `passages` passages in `dir` (emptied first); returns its file count. */
export async function writeSyntheticCorpus(
  dir: string,
  passages: number,
  sources: SourceText,
  seed = 1,
): Promise<number> {
  if (sources.paragraphs.length === 0 || sources.headings.length === 0) {
    throw new Error('aucun texte source (corpus/ vide ?)');
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const documents = Math.max(1, Math.round(passages / SECTIONS_PER_DOCUMENT));
  for (let n = 0; n < documents; n++) {
    await writeFile(join(dir, documentName(n)), syntheticDocument(sources, n, seed));
  }
  return documents;
}
