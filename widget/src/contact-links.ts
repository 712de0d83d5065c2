/**
 * The contact a decline carries (`Answer.contact`), as links: its web page, `mailto:` for the
 * e-mail and `tel:` for the phone. The service writes the same contact into the answer's text in
 * plain words, so the widget links it where the text names it, and adds it under the text when the
 * text does not (a service that words its declines otherwise).
 */
import type { Contact } from './types.ts';

export interface ContactLink {
  /** As the text writes it, and as the link shows it. */
  text: string;
  href: string;
  /** Web pages open in a new tab; a `mailto:` or `tel:` one would leave an empty tab behind. */
  newTab: boolean;
}

export type ContactPart = { type: 'text'; text: string } | { type: 'link'; link: ContactLink };

export function contactLinks(contact: Contact): ContactLink[] {
  const links: ContactLink[] = [];
  if (contact.url && /^https?:\/\/\S+$/i.test(contact.url))
    links.push({ text: contact.url, href: contact.url, newTab: true });
  if (contact.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email))
    links.push({ text: contact.email, href: `mailto:${contact.email}`, newTab: false });
  const digits = contact.phone?.replace(/[^\d+]/g, '') ?? '';
  if (contact.phone && /^\+?\d{3,}$/.test(digits))
    links.push({ text: contact.phone, href: `tel:${digits}`, newTab: false });
  return links;
}

/** Splits a text where it names one of the links, every time it does. */
export function splitAtContact(text: string, links: readonly ContactLink[]): ContactPart[] {
  const parts: ContactPart[] = [];
  let rest = text;
  for (;;) {
    let first: { at: number; link: ContactLink } | undefined;
    for (const link of links) {
      const at = rest.indexOf(link.text);
      if (at >= 0 && (!first || at < first.at)) first = { at, link };
    }
    if (!first) break;
    if (first.at > 0) parts.push({ type: 'text', text: rest.slice(0, first.at) });
    parts.push({ type: 'link', link: first.link });
    rest = rest.slice(first.at + first.link.text.length);
  }
  if (rest) parts.push({ type: 'text', text: rest });
  return parts;
}
