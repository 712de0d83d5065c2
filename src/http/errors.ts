/**
 * The two kinds of errors, and the one place that turns them into responses. A resident's mistake
 * is an `ApiError` (4xx, a French message that helps, the field at fault); anything else is logged
 * with its context and answered with a plain 500 that leaks nothing.
 */
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { AppEnv } from './app-env.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends HTTPException {
  readonly code: string;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

export const INTERNAL_MESSAGE = 'Une erreur interne est survenue. Veuillez réessayer dans quelques instants.';

/** For HTTPExceptions thrown by Hono itself or its middleware, whose messages are in English. */
const GENERIC_BY_STATUS: Partial<Record<number, { code: string; message: string }>> = {
  400: { code: 'bad_request', message: 'La requête est invalide.' },
  401: { code: 'unauthorized', message: 'Authentification requise.' },
  403: { code: 'forbidden', message: 'Accès refusé.' },
  404: { code: 'not_found', message: "Cette adresse n'existe pas." },
  405: { code: 'method_not_allowed', message: 'Méthode non autorisée pour cette adresse.' },
  413: { code: 'payload_too_large', message: 'La requête est trop volumineuse.' },
  503: { code: 'unavailable', message: 'Le service est momentanément indisponible.' },
  504: { code: 'timeout', message: 'Le délai de réponse a été dépassé. Veuillez réessayer.' },
};

export const createErrorHandler =
  (logger: Logger): ErrorHandler<AppEnv> =>
  (error, c) => {
    if (error instanceof ApiError) {
      return c.json(error.toBody(), error.status, error.headers);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const generic = GENERIC_BY_STATUS[error.status] ?? GENERIC_BY_STATUS[400]!;
      return c.json({ error: generic }, error.status);
    }
    logger.error(
      { err: error, requestId: c.var.requestId, method: c.req.method, route: c.req.routePath },
      'request failed',
    );
    return c.json({ error: { code: 'internal_error', message: INTERNAL_MESSAGE } }, 500);
  };

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json({ error: { code: 'not_found', message: "Cette adresse n'existe pas." } }, 404);
