/** The search tab: results as the agent types, with filters, highlighted passages and citations to copy. */
import type { DocumentInfo, SearchHit } from '../../src/assistant/types.ts';
import { getJson, plural, SessionExpired } from './api.ts';
import { absoluteUrl, formatCitation } from './citation.ts';
import { byId, el, fillSelect } from './dom.ts';
import { highlightPieces } from './highlight.ts';

/** Long enough to skip the keystrokes of a word being typed, short enough to feel immediate. */
const DEBOUNCE_MS = 200;
const RESULTS = 10;
/** How long the button says the citation was copied. */
const COPIED_MS = 2500;

const KIND_LABELS: Record<string, string> = {
  web: 'Page web',
  law: 'Texte de loi',
  data: 'Données',
  guide: 'Guide',
  contract: 'Contrat',
  pdf: 'PDF',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http on a local network: the legacy copy command is all there is.
  const area = el('textarea', { class: 'offscreen', 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('copie refusée');
}

function passage(hit: SearchHit): HTMLElement {
  const quote = el('blockquote', { class: 'passage' });
  for (const piece of highlightPieces(hit.excerpt, hit.matchedTerms)) {
    quote.append(piece.mark ? el('mark', {}, piece.text) : document.createTextNode(piece.text));
  }
  return quote;
}

function resultItem(hit: SearchHit, index: number, announce: (message: string) => void): HTMLElement {
  const titleId = `result-${index}-title`;
  const href = absoluteUrl(hit.url, window.location.origin);
  const copy = el(
    'button',
    { type: 'button', class: 'secondary', 'aria-describedby': titleId },
    'Copier la citation',
  );
  copy.addEventListener('click', async () => {
    const citation = formatCitation(hit, { origin: window.location.origin, date: new Date() });
    try {
      await copyText(citation);
      copy.textContent = 'Citation copiée';
      announce('Citation copiée dans le presse-papiers.');
      window.setTimeout(() => {
        copy.textContent = 'Copier la citation';
      }, COPIED_MS);
    } catch {
      announce('La copie a échoué : sélectionnez le passage et copiez-le à la main.');
    }
  });
  const where = [
    hit.page !== undefined ? `Page ${hit.page}` : undefined,
    hit.headingPath.join(' › ') || undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return el(
    'li',
    { class: 'result' },
    el(
      'article',
      { 'aria-labelledby': titleId },
      el('h3', { id: titleId }, hit.title),
      where ? el('p', { class: 'meta' }, where) : undefined,
      passage(hit),
      el(
        'p',
        { class: 'actions' },
        href
          ? el(
              'a',
              { href, target: '_blank', rel: 'noopener', 'aria-describedby': titleId },
              hit.page !== undefined ? `Ouvrir à la page ${hit.page}` : 'Ouvrir le document',
              el('span', { class: 'visually-hidden' }, ' (nouvel onglet)'),
            )
          : undefined,
        copy,
      ),
    ),
  );
}

export function setUpSearch(): void {
  const input = byId<HTMLInputElement>('q');
  const documentSelect = byId<HTMLSelectElement>('f-document');
  const kindSelect = byId<HTMLSelectElement>('f-kind');
  const yearSelect = byId<HTMLSelectElement>('f-year');
  const status = byId<HTMLParagraphElement>('search-status');
  const copyStatus = byId<HTMLParagraphElement>('copy-status');
  const list = byId<HTMLOListElement>('results');
  let timer: number | undefined;
  let inFlight: AbortController | undefined;

  const announce = (message: string) => {
    copyStatus.textContent = message;
  };

  async function run(): Promise<void> {
    inFlight?.abort();
    const q = input.value.trim();
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    list.setAttribute('aria-busy', 'true');
    try {
      const { hits } = await getJson<{ hits: SearchHit[] }>(
        '/api/agent/search',
        {
          q,
          k: String(RESULTS),
          document: documentSelect.value,
          kind: kindSelect.value,
          year: yearSelect.value,
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      list.replaceChildren(...hits.map((hit, i) => resultItem(hit, i, announce)));
      status.textContent = plural(hits.length, 'résultat', 'résultats', 'Aucun résultat');
    } catch (error) {
      if (controller.signal.aborted || error instanceof SessionExpired) return;
      list.replaceChildren();
      status.textContent = `La recherche a échoué : ${error instanceof Error ? error.message : 'erreur inconnue'}.`;
    } finally {
      if (inFlight === controller) list.removeAttribute('aria-busy');
    }
  }

  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  };
  input.addEventListener('input', schedule);
  for (const select of [documentSelect, kindSelect, yearSelect])
    select.addEventListener('change', () => void run());
  byId<HTMLFormElement>('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    void run();
  });

  void getJson<{ documents: DocumentInfo[] }>('/api/agent/documents', {})
    .then(({ documents }) => {
      const sorted = [...documents].sort((a, b) => a.title.localeCompare(b.title, 'fr'));
      fillSelect(
        documentSelect,
        'Tous les documents',
        sorted.map((d) => ({ value: d.id, label: d.title })),
      );
      const kinds = [...new Set(documents.map((d) => d.kind))].sort();
      fillSelect(
        kindSelect,
        'Tous les types',
        kinds.map((k) => ({ value: k, label: kindLabel(k) })),
      );
      const years = [...new Set(documents.flatMap((d) => (d.date ? [d.date.slice(0, 4)] : [])))]
        .sort()
        .reverse();
      fillSelect(
        yearSelect,
        'Toutes les années',
        years.map((y) => ({ value: y, label: y })),
      );
    })
    .catch(() => {
      // The filters stay at "all": searching still works without them.
    });
}
