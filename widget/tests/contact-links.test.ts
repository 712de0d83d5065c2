import { describe, expect, it } from 'vitest';
import { contactLinks, splitAtContact } from '../src/contact-links.ts';

const CONTACT = {
  name: 'Mairie de Rivebelle',
  url: 'https://rivebelle.example/contact',
  email: 'politique.ville@rivebelle.example',
  phone: '04 00 00 00 00',
};

describe('contactLinks', () => {
  it('makes the web page, the e-mail and the phone into links', () => {
    expect(contactLinks(CONTACT)).toEqual([
      { text: CONTACT.url, href: CONTACT.url, newTab: true },
      { text: CONTACT.email, href: `mailto:${CONTACT.email}`, newTab: false },
      { text: CONTACT.phone, href: 'tel:0400000000', newTab: false },
    ]);
    expect(contactLinks({ name: 'Mairie', phone: '+33 4 00 00 00 00' })).toEqual([
      { text: '+33 4 00 00 00 00', href: 'tel:+33400000000', newTab: false },
    ]);
  });

  it('links nothing that is not a web page, an e-mail or a phone number', () => {
    expect(
      contactLinks({
        name: 'Mairie',
        url: 'javascript:alert(1)',
        email: 'pas un courriel',
        phone: 'accueil',
      }),
    ).toEqual([]);
  });
});

describe('splitAtContact', () => {
  it('cuts the text where it names the contact, each time, leaving punctuation outside the link', () => {
    const links = contactLinks(CONTACT);
    const parts = splitAtContact(`Écrivez à ${CONTACT.email} ou voyez ${CONTACT.url}.`, links);
    expect(parts).toEqual([
      { type: 'text', text: 'Écrivez à ' },
      { type: 'link', link: links[1] },
      { type: 'text', text: ' ou voyez ' },
      { type: 'link', link: links[0] },
      { type: 'text', text: '.' },
    ]);
  });

  it('leaves a text that names no contact as it is', () => {
    expect(splitAtContact('Rien à lier.', contactLinks(CONTACT))).toEqual([
      { type: 'text', text: 'Rien à lier.' },
    ]);
  });
});
