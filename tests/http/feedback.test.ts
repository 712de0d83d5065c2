import { describe, expect, it } from 'vitest';
import { createTestApp, postJson } from './helpers.ts';

describe('POST /api/feedback', () => {
  describe('when the answer exists', () => {
    it('stores the rating and the comment', async () => {
      const { app, store } = createTestApp();
      const { answerId } = await (
        await postJson(app, '/api/chat', { question: 'Quand la refonte entre-t-elle en vigueur ?' })
      ).json();
      const response = await postJson(app, '/api/feedback', {
        answerId,
        rating: 'down',
        comment: '  Il manque la date.  ',
      });
      expect(response.status).toBe(204);
      expect(store.report(1).thumbsDown).toEqual([
        expect.objectContaining({
          question: 'Quand la refonte entre-t-elle en vigueur ?',
          comments: ['Il manque la date.'],
        }),
      ]);
    });
  });

  describe('when the answer id is unknown', () => {
    it('answers 404', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/feedback', { answerId: 'nope', rating: 'up' });
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: 'answer_not_found', field: 'answerId' });
    });
  });

  describe('when the rating or the comment is wrong', () => {
    it.each([
      [{ answerId: 'x', rating: 'meh' }, 'rating'],
      [{ rating: 'up' }, 'answerId'],
      [{ answerId: 'x', rating: 'up', comment: 'a'.repeat(1001) }, 'comment'],
    ])('answers 400 naming the field', async (body, field) => {
      const { app } = createTestApp();
      const response = await postJson(app, '/api/feedback', body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    });
  });
});
