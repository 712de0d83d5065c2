/** The agents' search: ranked passages with what they need to cite them and the words to highlight. */
import { citationFor } from '../answer/citation.ts';
import { retrieve, type SearchableIndex } from '../retrieval/hybrid.ts';
import { foldText } from '../text/french.ts';
import type { SearchHit, SearchOptions } from './types.ts';

export async function searchIndex(
  searchable: SearchableIndex,
  query: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const passages = await retrieve(searchable, query, options);
  const queryWords = foldText(query)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
  return passages.map((p): SearchHit => {
    const { n: _n, ...citation } = citationFor(p, 0);
    return { ...citation, score: p.score, matchedTerms: [...new Set([...p.matched, ...queryWords])] };
  });
}
