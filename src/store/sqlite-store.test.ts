import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../answer/types.ts';
import { openStore, type Store } from './index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

const answered: Answer = {
  answer: 'Le contrat couvre 2024-2030 [1].',
  declined: false,
  kind: 'answer',
  citations: [],
  related: [],
};
const declined: Answer = {
  answer: 'Je ne trouve pas cela.',
  declined: true,
  kind: 'declined',
  citations: [],
  related: [],
};

describe('openStore', () => {
  let clock: number;
  let store: Store;

  beforeEach(() => {
    clock = Date.UTC(2025, 0, 31, 12);
    store = openStore({ path: ':memory:', now: () => clock });
  });
  afterEach(() => store.close());

  describe('history', () => {
    describe('when a conversation has more turns than asked for', () => {
      it('returns the latest ones, oldest first', () => {
        const id = store.startConversation();
        for (let n = 1; n <= 4; n++) {
          const answerId = store.recordQuestion(id, `question ${n}`);
          store.recordAnswer(answerId, answered);
          clock += 1_000;
        }
        expect(store.history(id, 2, HOUR_MS)?.map((turn) => turn.question)).toEqual([
          'question 3',
          'question 4',
        ]);
      });
    });

    describe('when the conversation is unknown or idle too long', () => {
      it('returns undefined', () => {
        const id = store.startConversation();
        expect(store.history('3b241101-e2bb-4255-8caf-4136c566a962', 6, HOUR_MS)).toBeUndefined();
        clock += 2 * HOUR_MS;
        expect(store.history(id, 6, HOUR_MS)).toBeUndefined();
      });
    });
  });

  describe('recordFeedback', () => {
    it('refuses an unknown answer id and keeps one rating per answer', () => {
      const id = store.startConversation();
      const answerId = store.recordQuestion(id, 'Quels quartiers ?');
      store.recordAnswer(answerId, answered);
      expect(store.recordFeedback('nope', 'down')).toBe(false);
      expect(store.recordFeedback(answerId, 'up')).toBe(true);
      expect(store.recordFeedback(answerId, 'down', 'Pas clair')).toBe(true);
      expect(store.report(30).totals).toMatchObject({ up: 0, down: 1 });
    });
  });

  describe('when a resident typed personal data', () => {
    it('keeps the question and the comment with it masked, in the history and the report', () => {
      const id = store.startConversation();
      const answerId = store.recordQuestion(id, 'Rappelez-moi au 06 12 34 56 78');
      store.recordAnswer(answerId, declined);
      store.recordFeedback(answerId, 'down', 'écrivez à jean.dupont@gmail.com');

      expect(store.history(id, 6, HOUR_MS)?.[0]?.question).toBe('Rappelez-moi au [téléphone]');
      const report = store.report(30);
      expect(report.declined[0]?.question).toBe('Rappelez-moi au [téléphone]');
      expect(report.thumbsDown[0]?.comments).toEqual(['écrivez à [courriel]']);
      expect(JSON.stringify(report)).not.toMatch(/06 12|dupont/);
    });
  });

  describe('report', () => {
    it('groups declined, unanswered and thumbs-down questions across spellings', () => {
      const id = store.startConversation();
      for (const question of ['Où garer mon vélo ?', 'où garer mon velo', 'Horaires de la piscine ?']) {
        store.recordAnswer(store.recordQuestion(id, question), declined);
        clock += 1_000;
      }
      store.recordQuestion(id, 'Question sans réponse');
      const bad = store.recordQuestion(id, 'Qui finance ?');
      store.recordAnswer(bad, answered);
      store.recordFeedback(bad, 'down', 'Il manque le montant');

      const report = store.report(30);
      expect(report.declined).toEqual([
        { question: 'où garer mon velo', count: 2, lastAskedAt: expect.any(String) },
        { question: 'Horaires de la piscine ?', count: 1, lastAskedAt: expect.any(String) },
      ]);
      expect(report.unanswered.map((group) => group.question)).toEqual(['Question sans réponse']);
      expect(report.thumbsDown).toEqual([
        expect.objectContaining({ question: 'Qui finance ?', count: 1, comments: ['Il manque le montant'] }),
      ]);
      expect(report.totals).toMatchObject({ questions: 5, answered: 1, declined: 3, unanswered: 1 });
    });
  });

  describe('purge', () => {
    it('deletes rows older than the retention period and keeps recent ones', () => {
      const old = store.startConversation();
      const oldAnswer = store.recordQuestion(old, 'Ancienne question');
      store.recordFeedback(oldAnswer, 'down');
      clock += 31 * DAY_MS;
      const recent = store.startConversation();
      store.recordQuestion(recent, 'Question récente');

      expect(store.purge(30)).toEqual({ conversations: 1, turns: 1, feedback: 1, erased: true });
      expect(store.history(old, 6, Number.POSITIVE_INFINITY)).toBeUndefined();
      expect(store.recordFeedback(oldAnswer, 'up')).toBe(false);
      expect(store.history(recent, 6, HOUR_MS)).toEqual([{ question: 'Question récente' }]);
    });
  });
});
