import { describe, expect, it } from 'vitest';
import { deserializeConversation, serializeConversation, storageKey } from '../src/storage.ts';
import type { Message } from '../src/types.ts';

const answer: Message = {
  role: 'assistant',
  text: 'Trois quartiers [1].',
  declined: false,
  citations: [
    {
      n: 1,
      source: 'qpv.md',
      docId: 'qpv',
      title: 'Quartiers prioritaires',
      url: '/documents/qpv',
      excerpt: 'Les Cévennes…',
      headingPath: ['QPV'],
      page: 2,
    },
  ],
  answerId: 'a1',
  rating: 'up',
};

describe('conversation storage', () => {
  it('round-trips messages and the conversation id', () => {
    const saved = {
      conversationId: 'c1',
      messages: [{ role: 'user', text: 'Quels quartiers ?' } as Message, answer],
    };
    expect(deserializeConversation(serializeConversation(saved))).toEqual(saved);
  });

  it('keeps the document offered with a decline', () => {
    const declined: Message = {
      role: 'assistant',
      text: 'Je n’ai pas trouvé la réponse.',
      declined: true,
      citations: [],
      related: [{ ...answer.citations[0]!, excerpt: 'Le centre ancien…' }],
      answerId: 'a2',
    };
    const saved = { messages: [declined] };
    expect(deserializeConversation(serializeConversation(saved))).toEqual(saved);
  });

  it('keeps the contact a decline carries, and only its known string fields', () => {
    const contact = { name: 'Mairie', url: 'https://mairie.fr/contact', phone: '04 00 00 00 00' };
    const declined: Message = {
      role: 'assistant',
      text: 'Je n’ai pas trouvé la réponse.',
      declined: true,
      citations: [],
      contact,
      answerId: 'a3',
    };
    expect(deserializeConversation(serializeConversation({ messages: [declined] }))).toEqual({
      messages: [declined],
    });
    const tampered = serializeConversation({ messages: [declined] }).replace(
      '"phone":"04 00 00 00 00"',
      '"phone":4,"script":"x"',
    );
    expect(deserializeConversation(tampered).messages[0]).toMatchObject({
      contact: { name: 'Mairie', url: 'https://mairie.fr/contact' },
    });
    expect(JSON.stringify(deserializeConversation(tampered))).not.toMatch(/script|"phone"/);
  });

  it('keeps only the most recent messages', () => {
    const messages = Array.from({ length: 100 }, (_, i): Message => ({ role: 'user', text: `q${i}` }));
    const restored = deserializeConversation(serializeConversation({ messages }));
    expect(restored.messages).toHaveLength(60);
    expect(restored.messages.at(-1)).toEqual({ role: 'user', text: 'q99' });
  });

  it('drops corrupt, foreign or older-version entries', () => {
    expect(deserializeConversation('{not json')).toEqual({ messages: [] });
    expect(deserializeConversation(JSON.stringify({ v: 0, messages: [] }))).toEqual({ messages: [] });
    expect(deserializeConversation(null)).toEqual({ messages: [] });
    const mixed = JSON.stringify({
      v: 1,
      messages: [
        { role: 'user', text: 'ok' },
        { role: 'admin', text: 'x' },
        { role: 'assistant', text: 1 },
        null,
      ],
    });
    expect(deserializeConversation(mixed)).toEqual({ messages: [{ role: 'user', text: 'ok' }] });
  });

  it('keys the entry by service, so two services on one site do not mix', () => {
    expect(storageKey('https://a.fr')).not.toBe(storageKey('https://b.fr'));
  });
});
