/**
 * The commitments table an agent filters and exports: exact-match filters, facet counts that
 * follow the other filters (choosing a partner narrows the themes offered), and a CSV that French
 * Excel opens as it is (UTF-8 with BOM, `;` separator, CRLF).
 */
import type { Commitment } from '../../assistant/types.ts';
import { formatAmount } from '../../commitments/amounts.ts';

export interface CommitmentFilters {
  partner?: string;
  theme?: string;
  neighbourhood?: string;
  document?: string;
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export type FacetName = keyof CommitmentFilters;
export type CommitmentFacets = Record<FacetName, Facet[]>;

const FACETS: FacetName[] = ['partner', 'theme', 'neighbourhood', 'document'];

/** A commitment may concern several neighbourhoods: it is counted, and found, under each. */
function facetValues(commitment: Commitment, facet: FacetName): string[] {
  if (facet === 'document') return [commitment.docId];
  if (facet === 'neighbourhood') return commitment.neighbourhoods;
  return [commitment[facet]];
}

function matches(commitment: Commitment, filters: CommitmentFilters, except?: FacetName): boolean {
  return FACETS.every((facet) => {
    const chosen = filters[facet];
    return facet === except || !chosen || facetValues(commitment, facet).includes(chosen);
  });
}

export function filterCommitments(all: Commitment[], filters: CommitmentFilters): Commitment[] {
  return all.filter((commitment) => matches(commitment, filters));
}

/** For each facet, its values and counts under the other filters; a chosen value stays listed even at 0. */
export function commitmentFacets(all: Commitment[], filters: CommitmentFilters): CommitmentFacets {
  const facets = {} as CommitmentFacets;
  for (const facet of FACETS) {
    const counts = new Map<string, Facet>();
    for (const commitment of all) {
      if (!matches(commitment, filters, facet)) continue;
      for (const value of facetValues(commitment, facet)) {
        const label = facet === 'document' ? commitment.title : value;
        const entry = counts.get(value) ?? { value, label, count: 0 };
        entry.count++;
        counts.set(value, entry);
      }
    }
    const chosen = filters[facet];
    if (chosen && !counts.has(chosen)) counts.set(chosen, { value: chosen, label: chosen, count: 0 });
    facets[facet] = [...counts.values()].sort(
      (a, b) => b.count - a.count || a.label.localeCompare(b.label, 'fr'),
    );
  }
  return facets;
}

/** Quotes a field when it needs it; a leading `=`, `+`, `-`, `@` is defused so a spreadsheet shows it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = [
  'partenaire',
  'engagement',
  'montant',
  'montant (euros)',
  'quartiers',
  'date',
  'thème',
  'document',
  'page',
  'lien',
];

function absoluteLink(url: string, origin: string): string {
  try {
    return new URL(url, origin).href;
  } catch {
    return url;
  }
}

/** The table as CSV; relative links are made absolute against `origin` so they open from a spreadsheet. */
export function commitmentsCsv(rows: Commitment[], origin: string): string {
  const lines = [
    CSV_HEADER,
    ...rows.map((c) => [
      c.partner,
      c.text,
      c.amount === undefined ? '' : formatAmount(c.amount),
      // A plain number, so a spreadsheet can add the sums up.
      c.amount === undefined ? '' : String(c.amount),
      c.neighbourhoods.join(', '),
      c.date ?? '',
      c.theme,
      c.title,
      c.page === undefined ? '' : String(c.page),
      absoluteLink(c.url, origin),
    ]),
  ];
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(';')).join('\r\n')}\r\n`;
}
