/**
 * Sums of money as French writes them: `52 M€`, `81,6 millions d'euros`, `1 200 000 €`, `537 500 €`,
 * `40 millions`, `2,3 Md€`, `15 k€`, `plus de 50 millions`. A bare `N millions` counts as euros unless
 * a noun says what is counted (`3 millions d'habitants`); a number without a unit (a year, a number of
 * dwellings) or a share (`35 %`) is never a sum.
 */

export interface Amount {
  /** In euros. */
  value: number;
  /** Where the sum is written in the text: `[start, end)`. */
  start: number;
  end: number;
}

const NUMBER = String.raw`(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(\d+))?`;
const SCALE = '(milliards?|millions?|mds?|md|m|k|mille)';
/** `52 M€`, `81,6 millions d'euros`, `40 millions`, `537 500 €`, `1 200 000 euros`, `15 k€`. */
const AMOUNT = new RegExp(
  String.raw`(?<![\d,.])${NUMBER}\s?(?:${SCALE}\b\.?\s?(€|euros?\b|d['’]\s?euros?\b)?|(€|euros?\b))`,
  'giu',
);
/** After a bare `N millions`: `de`/`d'` then a noun other than euros means something else is counted. */
const COUNTED_NOUN = /^\s*(?:de|d['’])\s*(?!(?:la|le|les|l['’]|euros?)\b)\p{L}/iu;
const SCALES: Record<string, number> = {
  milliard: 1e9,
  milliards: 1e9,
  md: 1e9,
  mds: 1e9,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  k: 1e3,
  mille: 1e3,
};

function readNumber(whole: string, decimals: string | undefined): number {
  const integer = Number(whole.replace(/[ \u00a0\u202f.]/g, ''));
  return decimals ? integer + Number(`0.${decimals}`) : integer;
}

/** The sums of money in `text`, in reading order. */
export function findAmounts(text: string): Amount[] {
  const found: Amount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const [whole, integer = '', decimals, scaleWord, scaledCurrency, plainCurrency] = match;
    const scale = scaleWord ? SCALES[scaleWord.toLowerCase()] : 1;
    if (scale === undefined) continue;
    const end = match.index + whole.length;
    if (scaleWord && !scaledCurrency) {
      // `M`, `k` or `mille` alone are not money; `40 millions` is, unless `d'habitants` follows.
      if (!/^milli/i.test(scaleWord)) continue;
      if (COUNTED_NOUN.test(text.slice(end, end + 30))) continue;
    }
    if (!scaleWord && !plainCurrency) continue;
    const value = Math.round(readNumber(integer, decimals) * scale);
    found.push({ value, start: match.index, end: end - (whole.length - whole.trimEnd().length) });
  }
  return found;
}

/** `52 M€`, `537 500 €`: a sum as an agent reads it, with no-break spaces so it never wraps. */
export function formatAmount(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 2 })}\u00a0M€`;
  return `${value.toLocaleString('fr-FR')}\u00a0€`;
}
