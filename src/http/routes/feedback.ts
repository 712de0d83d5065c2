/** `POST /api/feedback`: a resident's thumbs up or down on an answer, with an optional comment. */
import { Hono } from 'hono';
import type { Store } from '../../store/index.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { feedbackRequestSchema } from '../schemas.ts';
import { readJsonBody } from '../validate.ts';

export function feedbackRoutes(options: { store: Store }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/feedback', async (c) => {
    const { answerId, rating, comment } = await readJsonBody(c, feedbackRequestSchema);
    if (!options.store.recordFeedback(answerId, rating, comment)) {
      throw new ApiError(
        404,
        'answer_not_found',
        'Cette réponse est introuvable (elle a peut-être expiré).',
        {
          field: 'answerId',
        },
      );
    }
    return c.body(null, 204);
  });

  return app;
}
