/**
 * Cuts an answer into the pieces a stream sends, one sentence at a time; the pieces joined give
 * the answer back exactly (spaces and line breaks stay with the sentence they follow).
 */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?…:]\s+)/u).filter((piece) => piece !== '');
}
