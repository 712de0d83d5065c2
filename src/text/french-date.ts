/**
 * A document's date (`AAAA`, `AAAA-MM` or `AAAA-MM-JJ`, as its metadata allows) written as a
 * resident reads it: « 17 mai 2024 », « mai 2024 », « 2024 ». No Node dependency: the widget
 * bundles it to show the same dates on its cards.
 */

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** « 17 mai 2024 », « 1er mars 2024 », « mai 2024 », « 2024 »; undefined for anything else. */
export function formatFrenchDate(date: string): string | undefined {
  const match = PARTIAL_DATE.exec(date.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (month === undefined) return year;
  const name = MONTHS[Number(month) - 1];
  if (!name) return undefined;
  if (day === undefined) return `${name} ${year}`;
  const d = Number(day);
  if (d < 1 || d > 31) return undefined;
  return `${d === 1 ? '1er' : d} ${name} ${year}`;
}

/**
 * « du 17 mai 2024 », « de mai 2024 », « d’avril 2024 », « de 2020 »: the date after a noun
 * (« document du … »), elided before a vowel as French writes it.
 */
export function frenchDateComplement(date: string): string | undefined {
  const written = formatFrenchDate(date);
  if (written === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) return `du ${written}`;
  return /^[aeiouéèâ]/i.test(written) ? `d’${written}` : `de ${written}`;
}

/** « Document du 22 mai 2024 », « Document de 2020 », « Document non daté »: a card's or a figure's date. */
export function documentDateLabel(date: string | undefined): string {
  const complement = date === undefined ? undefined : frenchDateComplement(date);
  return complement ? `Document ${complement}` : 'Document non daté';
}
