/**
 * French sentence splitting shared by the answerer (quoting whole sentences) and the chunker.
 * Abbreviations (`art.`, `n°`, `M.`, `Mme`) and initials do not end a sentence; a line break
 * (list item, table row, paragraph) always does.
 */
import { sentenceSpans } from '../ingest/chunk.ts';

/** No cap: a sentence is returned whole, however long. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => sentenceSpans(line, NO_LIMIT).map((span) => line.slice(span.start, span.end)))
    .filter((s) => s.trim().length > 0);
}
