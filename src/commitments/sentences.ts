/**
 * Cuts a passage into the units a commitment is stated in: sentences of running text, and list
 * items. Sentences are split as everywhere else (`src/text/sentences.ts`: abbreviations and initials
 * never end one); what is proper to commitments is finding list items and lines that only wrap.
 */
import { splitRunningText } from '../text/sentences.ts';

export interface TextUnit {
  text: string;
  /** A bullet or numbered item (`- …`, `• …`, `1° …`, `a) …`), its marker removed. */
  listItem: boolean;
}

const BULLET = /^\s*(?:[-–—•▪●◦*>]|\d{1,2}°|\d{1,2}[.)](?=\s)|[a-z][).](?=\s))\s*/u;
/** The passage's blocks: blank lines always separate; a single line break only before a list item or after a stop. */
function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let current = '';
    for (const line of paragraph.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (current && (BULLET.test(trimmed) || /[.!?:;…]$/.test(current))) {
        blocks.push(current);
        current = trimmed;
      } else current = current ? `${current} ${trimmed}` : trimmed;
    }
    if (current) blocks.push(current);
  }
  // A bullet inside a line (PDF text layers often flatten lists) starts an item as well.
  return blocks.flatMap((block) => block.split(/\s+(?=[•▪●◦]\s)/u));
}

/** The units of a passage, in reading order. */
export function splitUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const block of splitBlocks(text)) {
    const marker = BULLET.exec(block);
    const listItem = marker !== null && marker[0].length < block.length;
    const body = listItem ? block.slice(marker[0].length) : block;
    for (const sentence of splitRunningText(body)) units.push({ text: sentence, listItem });
  }
  return units;
}
