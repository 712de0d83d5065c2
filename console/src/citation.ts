/** How an agent quotes a passage to a resident: the passage, its source, its page, where to read it, and when. */

export interface CitableHit {
  excerpt: string;
  title: string;
  page?: number;
  url: string;
}

/** `25/11/2026`, as a French reader writes a date. */
export function formatFrenchDate(date: Date): string {
  const day = String(date.getDate()).padStart(2, '0');
  const month = String(date.getMonth() + 1).padStart(2, '0');
  return `${day}/${month}/${date.getFullYear()}`;
}

/** The link as anyone can open it (`/documents/x` → `https://site/documents/x`); undefined unless http(s). */
export function absoluteUrl(url: string, origin: string): string | undefined {
  try {
    const resolved = new URL(url, origin);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** `« passage » — Title, p. N, URL, consulté le 25/11/2026` (no page part for pages without one). */
export function formatCitation(hit: CitableHit, options: { origin: string; date: Date }): string {
  const passage = hit.excerpt.replace(/\s+/g, ' ').trim();
  const parts = [`« ${passage} » — ${hit.title}`];
  if (hit.page !== undefined) parts.push(`p. ${hit.page}`);
  const link = absoluteUrl(hit.url, options.origin);
  if (link) parts.push(link);
  parts.push(`consulté le ${formatFrenchDate(options.date)}`);
  return parts.join(', ');
}
