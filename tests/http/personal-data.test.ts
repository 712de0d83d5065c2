import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, postJson } from './helpers.ts';

const QUESTION = 'Qui finance les contrats de ville ? Je suis au 12 rue des Lilas, 06 12 34 56 78';

describe('personal data typed by a resident', () => {
  describe('when it is in a question and a feedback comment', () => {
    it('answers from the question as typed, but the report and the logs never show it', async () => {
      const { app, assistant, logs } = createTestApp({ env: { ADMIN_TOKEN } });
      const chat = await postJson(app, '/api/chat', { question: QUESTION });
      expect(chat.status).toBe(200);
      const { answerId } = await chat.json();
      const feedback = await postJson(app, '/api/feedback', {
        answerId,
        rating: 'down',
        comment: 'Répondez-moi à lilas.dupont@example.fr',
      });
      expect(feedback.status).toBe(204);

      expect(assistant.asked[0]?.question).toBe(QUESTION);
      const report = await app.request('/admin/report', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const body = await report.json();
      expect(body.thumbsDown[0]).toMatchObject({
        question: 'Qui finance les contrats de ville ? Je suis au [adresse], [téléphone]',
        comments: ['Répondez-moi à [courriel]'],
      });
      const everything = JSON.stringify(body) + JSON.stringify(logs);
      expect(everything).not.toMatch(/Lilas|06 12|dupont/);
    });
  });
});
