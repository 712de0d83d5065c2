/** `POST /api/feedback`: a resident's thumbs up or down on an answer, with an optional comment. */
import { Hono } from 'hono';
import type { Store } from '../../store/index.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { StoreGuard } from '../health/index.ts';
import { feedbackRequestSchema } from '../schemas.ts';
import { readJsonBody } from '../validate.ts';

export function feedbackRoutes(options: { store: Store; storeGuard: StoreGuard }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/feedback', async (c) => {
    const { answerId, rating, comment } = await readJsonBody(c, feedbackRequestSchema);
    const recorded = options.storeGuard.attempt<boolean | 'failed'>(
      'recordFeedback',
      () => options.store.recordFeedback(answerId, rating, comment),
      () => 'failed' as const,
    );
    if (recorded === 'failed') {
      throw new ApiError(
        503,
        'store_unavailable',
        "Votre avis n'a pas pu être enregistré pour le moment. Veuillez réessayer plus tard.",
        { headers: { 'Retry-After': '60' } },
      );
    }
    if (!recorded) {
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
