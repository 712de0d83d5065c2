/** The commitments tab: who commits to what, how much, where and when, filtered by partner, theme, neighbourhood and document. */
import type { Commitment } from '../../src/assistant/types.ts';
import { formatAmount } from '../../src/commitments/amounts.ts';
import { getJson, plural, SessionExpired } from './api.ts';
import { absoluteUrl } from './citation.ts';
import { byId, el, fillSelect } from './dom.ts';

interface Facet {
  value: string;
  label: string;
  count: number;
}

interface CommitmentsResponse {
  total: number;
  count: number;
  commitments: Commitment[];
  facets: Record<'partner' | 'theme' | 'neighbourhood' | 'document', Facet[]>;
}

const FILTERS = [
  { key: 'partner', all: 'Tous les partenaires' },
  { key: 'theme', all: 'Tous les thèmes' },
  { key: 'neighbourhood', all: 'Tous les quartiers' },
  { key: 'document', all: 'Tous les documents' },
] as const;

function row(commitment: Commitment): HTMLTableRowElement {
  const href = absoluteUrl(commitment.url, window.location.origin);
  const source =
    commitment.page !== undefined ? `${commitment.title}, p. ${commitment.page}` : commitment.title;
  return el(
    'tr',
    {},
    el('td', { 'data-label': 'Partenaire' }, commitment.partner),
    el('td', { 'data-label': 'Engagement' }, commitment.text),
    el(
      'td',
      { 'data-label': 'Montant', class: 'amount' },
      commitment.amount === undefined ? '—' : formatAmount(commitment.amount),
    ),
    el('td', { 'data-label': 'Quartiers' }, commitment.neighbourhoods.join(', ') || '—'),
    el('td', { 'data-label': 'Date' }, commitment.date ?? '—'),
    el('td', { 'data-label': 'Thème' }, commitment.theme),
    el(
      'td',
      { 'data-label': 'Source' },
      href
        ? el(
            'a',
            { href, target: '_blank', rel: 'noopener' },
            source,
            el('span', { class: 'visually-hidden' }, ' (nouvel onglet)'),
          )
        : source,
    ),
  );
}

export function setUpCommitments(): { load(): void } {
  const selects = FILTERS.map(({ key, all }) => ({ key, all, select: byId<HTMLSelectElement>(`c-${key}`) }));
  const status = byId<HTMLParagraphElement>('commitment-status');
  const body = byId<HTMLTableSectionElement>('commitment-rows');
  const exportLink = byId<HTMLAnchorElement>('export-csv');
  let inFlight: AbortController | undefined;
  let loaded = false;

  async function load(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const params = Object.fromEntries(selects.map(({ key, select }) => [key, select.value]));
    exportLink.href = `/api/agent/commitments.csv?${new URLSearchParams(Object.entries(params).filter(([, v]) => v))}`;
    try {
      const result = await getJson<CommitmentsResponse>('/api/agent/commitments', params, controller.signal);
      if (controller.signal.aborted) return;
      loaded = true;
      for (const { key, all, select } of selects) {
        fillSelect(
          select,
          all,
          result.facets[key].map((f) => ({ value: f.value, label: `${f.label} (${f.count})` })),
        );
      }
      body.replaceChildren(...result.commitments.map(row));
      status.textContent =
        result.total === 0
          ? 'Aucun engagement trouvé dans les documents indexés.'
          : `${plural(result.count, 'engagement', 'engagements', 'Aucun engagement')} sur ${result.total}`;
    } catch (error) {
      if (controller.signal.aborted || error instanceof SessionExpired) return;
      status.textContent = `Le chargement a échoué : ${error instanceof Error ? error.message : 'erreur inconnue'}.`;
    }
  }

  for (const { select } of selects) select.addEventListener('change', () => void load());
  return {
    load() {
      if (!loaded) void load();
    },
  };
}
