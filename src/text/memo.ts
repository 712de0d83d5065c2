/**
 * A function of a text, remembered. Passages, sentences and words come back question after question,
 * and analysing them again (stemming, splitting, shingling) was most of an answer's cost. Results are
 * kept up to `limit` texts, then forgotten all at once: a bound against odd input, with no bookkeeping
 * on the hot path.
 */
export function memoize<T>(limit: number, compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(text);
      cache.set(text, value);
    }
    return value;
  };
}
