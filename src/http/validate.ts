/**
 * Request validation at the route: the body or query is parsed with the route's zod schema, and a
 * failure becomes a 400 decided here (a code, a French message, the field at fault), never the raw
 * parse result.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

function invalid(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  if (!field) {
    return new ApiError(400, 'invalid_request', 'Le corps de la requête doit être un objet JSON.');
  }
  // Schemas carry French messages; zod's own English ones only reach here for unforeseen input.
  const message =
    issue?.message && !/^(Invalid|Too|Expected)/.test(issue.message)
      ? issue.message
      : `La valeur du champ « ${field} » est invalide.`;
  return new ApiError(400, 'invalid_request', message, { field });
}

export async function readJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  // The media type alone, before any parameter (`; charset=utf-8`): `application/json-x` is not JSON.
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Requiring JSON also means a cross-site form cannot post here without a CORS preflight.
  if (type !== 'application/json') {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Le corps de la requête doit être du JSON, envoyé avec l'en-tête Content-Type: application/json${type ? ` (reçu : ${type.slice(0, 60)})` : ''}.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', "Le corps de la requête n'est pas un JSON valide.");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/** Empty parameters (`?k=`) count as absent, so the default applies. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value.trim() !== ''));
  const result = schema.safeParse(query);
  if (!result.success) throw invalid(result.error);
  return result.data;
}
