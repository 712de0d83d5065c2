/**
 * When a commitment holds: a period (`2015-2020`, `entre 2006 et 2020`), a deadline (`d'ici 2030`,
 * `jusqu'en 2026`) or a year (`17 mai 2024`, `en 2024`), as the sentence says it; otherwise the year of
 * the document's date.
 */

const YEAR = String.raw`((?:19|20)\d{2})`;
const PERIOD = new RegExp(
  String.raw`\b${YEAR}\s?[-–/]\s?${YEAR}\b|\bentre ${YEAR} et ${YEAR}\b|\bde ${YEAR} [àa] ${YEAR}\b`,
  'iu',
);
const DEADLINE = new RegExp(
  String.raw`\b(?:d['’]ici(?: à| a)?|jusqu['’]en|avant|à l['’]horizon|a l['’]horizon) ${YEAR}\b`,
  'iu',
);
const SINGLE = new RegExp(
  String.raw`(?<![\d,.])${YEAR}(?![\d,.]?\d)(?!\s?(?:€|euros?|logements?|habitants?|%))`,
  'u',
);

/** The period, deadline or year `text` gives, or undefined. */
export function findDate(text: string): string | undefined {
  const period = PERIOD.exec(text);
  if (period) {
    const [from, to] = period.slice(1).filter(Boolean);
    return `${from}-${to}`;
  }
  const deadline = DEADLINE.exec(text);
  if (deadline?.[1]) return `d'ici ${deadline[1]}`;
  return SINGLE.exec(text)?.[1];
}

/** The year of a document's date (`2024-05-17` → `2024`), or undefined. */
export function yearOf(date: string | undefined): string | undefined {
  return date ? /\b(?:19|20)\d{2}\b/.exec(date)?.[0] : undefined;
}
