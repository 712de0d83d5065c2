/** Builds the DOM of one turn: a question, an answer with its numbered sources, or an error. */

import { documentDateLabel } from '../../src/text/french-date.ts';
import {
  type Block,
  citationHref,
  type Inline,
  linkLabel,
  pageLabel,
  parseAnswer,
  shortExcerpt,
  splitCitations,
} from './answer-text.ts';
import { type ContactLink, contactLinks, splitAtContact } from './contact-links.ts';
import { h, icon, srOnly } from './dom.ts';
import { describeContact } from './settings.ts';
import type { Citation, Contact, Message, Rating } from './types.ts';

type AssistantMessage = Extract<Message, { role: 'assistant' }>;

export interface MessageContext {
  api: string;
  contact: string;
  onCopy(message: AssistantMessage, button: HTMLButtonElement): void;
  onRate(message: AssistantMessage, rating: Rating, buttons: HTMLButtonElement[]): void;
}

export function renderUser(text: string): HTMLElement {
  return h('div', { class: 'msg msg-user' }, srOnly('Vous avez demandé : '), text);
}

export function renderPending(): HTMLElement {
  return h(
    'div',
    { class: 'msg msg-bot pending', 'data-role': 'pending' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    'Recherche en cours…',
  );
}

export function renderContact(contact: string): HTMLElement | undefined {
  if (!contact) return undefined;
  const described = describeContact(contact);
  if (described.kind === 'text')
    return h('p', { class: 'contact' }, 'Pour aller plus loin : ', described.text);
  // Only web pages open in a new tab; a mailto: link would leave an empty one behind.
  const link = { text: described.label, href: described.href, newTab: described.href.startsWith('http') };
  return h('p', { class: 'contact' }, 'Pour aller plus loin : ', renderContactLink(link));
}

export function renderError(text: string, contact: string): HTMLElement {
  return h('div', { class: 'msg msg-error', 'data-role': 'error' }, h('p', {}, text), renderContact(contact));
}

function renderContactLink(link: ContactLink): HTMLAnchorElement {
  return link.newTab
    ? h(
        'a',
        { href: link.href, target: '_blank', rel: 'noopener' },
        link.text,
        srOnly(' (s’ouvre dans un nouvel onglet)'),
      )
    : h('a', { href: link.href }, link.text);
}

/** The contact a decline carries, when its text does not name it. */
function renderContactData(contact: Contact, links: ContactLink[]): HTMLElement {
  return h(
    'p',
    { class: 'contact' },
    `Pour poser votre question à une personne : ${contact.name}`,
    ...links.flatMap((link) => [', ', renderContactLink(link)]),
  );
}

function renderInline(
  parts: Inline[],
  cards: Map<number, HTMLElement>,
  links: ContactLink[],
): (Node | string)[] {
  return parts.flatMap((part): (Node | string)[] | Node => {
    if (part.type === 'text')
      return splitAtContact(part.text, links).map((p) =>
        p.type === 'text' ? p.text : renderContactLink(p.link),
      );
    const button = h(
      'button',
      { type: 'button', class: 'cite', 'aria-label': `Voir la source ${part.n}` },
      `[${part.n}]`,
    );
    button.addEventListener('click', () => {
      const card = cards.get(part.n);
      card?.scrollIntoView({ block: 'nearest' });
      card?.focus();
    });
    return button;
  });
}

function renderBlocks(
  blocks: Block[],
  cards: Map<number, HTMLElement>,
  links: ContactLink[] = [],
): HTMLElement[] {
  return blocks.map((block) => {
    if (block.type === 'ul')
      return h('ul', {}, ...block.items.map((item) => h('li', {}, ...renderInline(item, cards, links))));
    const p = h('p');
    block.lines.forEach((line, i) => {
      if (i > 0) p.append(h('br'));
      p.append(...renderInline(line, cards, links));
    });
    return p;
  });
}

/** A citation card; `numbered` false for a document offered with a decline, which no text cites. */
function renderCard(citation: Citation, api: string, numbered = true): HTMLElement {
  const href = citationHref(citation.url, api);
  const meta = [pageLabel(citation.page), citation.date && documentDateLabel(citation.date)]
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    { class: 'card', tabindex: '-1', ...(numbered ? { 'data-n': String(citation.n) } : {}) },
    h('p', { class: 'card-title' }, numbered ? `[${citation.n}] ` : '', citation.title),
    meta && h('p', { class: 'card-meta' }, meta),
    citation.excerpt && h('blockquote', { class: 'excerpt' }, `« ${shortExcerpt(citation.excerpt)} »`),
    href &&
      h(
        'a',
        { href, target: '_blank', rel: 'noopener' },
        linkLabel(citation),
        srOnly(' (s’ouvre dans un nouvel onglet)'),
        icon('external'),
      ),
  );
}

function toolButton(
  label: string,
  iconName: Parameters<typeof icon>[0],
  visible: boolean,
): HTMLButtonElement {
  const text = visible ? h('span', {}, label) : srOnly(label);
  return h('button', { type: 'button', class: 'tool' }, icon(iconName), text);
}

export function renderAssistant(message: AssistantMessage, ctx: MessageContext): HTMLElement {
  const cards = new Map(message.citations.map((c) => [c.n, renderCard(c, ctx.api)]));
  const blocks = parseAnswer(message.text, message.citations);
  const { sources, further } = splitCitations(blocks, message.citations);
  // A decline's contact is linked where its text names it; the host's `data-contact` serves a
  // service that sends none.
  const contact = message.declined ? message.contact : undefined;
  const links = contact ? contactLinks(contact) : [];
  const named = links.some((link) => message.text.includes(link.text));
  /** A titled list of cards, with a note under the title if any; nothing when it is empty. */
  const list = (title: string, items: HTMLElement[], note?: string) =>
    items.length === 0
      ? []
      : [
          h('h4', { class: 'sources-title' }, title),
          note && h('p', { class: 'related-note' }, note),
          h('ol', { class: 'sources' }, ...items),
        ];
  const numbered = (citations: Citation[]) => citations.map((c) => cards.get(c.n)!);
  const copy = toolButton('Copier la réponse', 'copy', true);
  const up = toolButton('Réponse utile', 'up', false);
  const down = toolButton('Réponse pas utile', 'down', false);
  const rated = [up, down];
  up.setAttribute('aria-pressed', String(message.rating === 'up'));
  down.setAttribute('aria-pressed', String(message.rating === 'down'));
  copy.addEventListener('click', () => ctx.onCopy(message, copy));
  up.addEventListener('click', () => ctx.onRate(message, 'up', rated));
  down.addEventListener('click', () => ctx.onRate(message, 'down', rated));
  return h(
    'div',
    { class: 'msg msg-bot', 'data-role': 'answer', 'data-answer-id': message.answerId },
    h('h3', { class: 'sr-only' }, 'Réponse de l’assistant'),
    ...renderBlocks(blocks, cards, links),
    contact && !named && renderContactData(contact, links),
    message.declined && !contact && renderContact(ctx.contact),
    ...list('Sources', numbered(sources)),
    ...list('À lire aussi', numbered(further)),
    ...list(
      'Un document à consulter',
      (message.related ?? []).map((c) => renderCard(c, ctx.api, false)),
      'Il aborde votre question, sans y répondre avec certitude.',
    ),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions sur la réponse' }, copy, up, down),
  );
}

export function renderMessage(message: Message, ctx: MessageContext): HTMLElement {
  if (message.role === 'user') return renderUser(message.text);
  if (message.role === 'error') return renderError(message.text, ctx.contact);
  return renderAssistant(message, ctx);
}
