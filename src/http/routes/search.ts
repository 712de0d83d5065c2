/** `GET /api/search` and `GET /api/documents`: ranked passages and the list of documents. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, requireAssistant } from '../assistant-ref.ts';
import { searchQuerySchema } from '../schemas.ts';
import { readQuery } from '../validate.ts';

export interface SearchRoutesOptions {
  assistant: AssistantRef;
  maxQuestionChars: number;
}

export function searchRoutes(options: SearchRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const schema = searchQuerySchema(options.maxQuestionChars);

  app.get('/api/search', async (c) => {
    const { q, ...filters } = readQuery(c, schema);
    const results = await requireAssistant(options.assistant).search(q, filters);
    return c.json({ results });
  });

  app.get('/api/documents', (c) => c.json({ documents: requireAssistant(options.assistant).documents() }));

  return app;
}
