import { describe, expect, it } from 'vitest';
import { SMALLTALK_REPLIES, smalltalkReply } from './smalltalk.ts';

describe('smalltalkReply', () => {
  it.each([
    ['Bonjour !', SMALLTALK_REPLIES.greeting],
    ['bonsoir madame', SMALLTALK_REPLIES.greeting],
    ['Salut', SMALLTALK_REPLIES.greeting],
    ['Merci !', SMALLTALK_REPLIES.thanks],
    ['merci beaucoup', SMALLTALK_REPLIES.thanks],
    ['Au revoir', SMALLTALK_REPLIES.goodbye],
    ['Bonne journée !', SMALLTALK_REPLIES.goodbye],
    ['Ça va ?', SMALLTALK_REPLIES.howAreYou],
  ])('answers "%s" with the matching reply', (question, reply) => {
    expect(smalltalkReply(question)).toBe(reply);
  });

  it.each([
    "bonjour, quels sont les quartiers prioritaires d'Alès ?",
    'Merci de me dire quand le contrat de ville a été signé',
    'Quels sont les quartiers prioritaires ?',
    'ramonage',
  ])('lets a real question through: "%s"', (question) => {
    expect(smalltalkReply(question)).toBeUndefined();
  });
});
