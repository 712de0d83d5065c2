/**
 * The HTTP service assembled: safety middleware for every request, then the routes. Built from its
 * dependencies so tests inject a fake assistant and an in-memory store.
 */
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timeout } from 'hono/timeout';
import { toAssistantOptions } from '../config.ts';
import { readIngestLock } from '../ingest/lock.ts';
import { createAgentRoutes } from './agent/index.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { toAssistantRef, toAssistantService } from './assistant-ref.ts';
import { createClientKeyer } from './client-key.ts';
import { timeoutError } from './deadline.ts';
import { ApiError, createErrorHandler } from './errors.ts';
import { embeddingsCheck } from './health/embeddings.ts';
import {
  createHealthRegistry,
  createStoreGuard,
  diskSpaceCheck,
  type HealthRegistry,
} from './health/index.ts';
import { methodNotAllowedOrNotFound } from './method-not-allowed.ts';
import { buildOpenApi } from './openapi.ts';
import { createProxyTrust } from './proxy-trust.ts';
import { rateLimit } from './rate-limit.ts';
import { createReindexJob, type ReindexJob } from './reindex-job.ts';
import { requestLog } from './request-log.ts';
import { createRequestOrigins } from './request-origin.ts';
import { adminRoutes } from './routes/admin.ts';
import { chatRoutes } from './routes/chat.ts';
import { documentFileRoutes } from './routes/document-file.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { searchRoutes } from './routes/search.ts';
import { widgetRoutes } from './routes/widget.ts';
import { apiCors, refuseForeignPosts, securityHeaders } from './security.ts';

/** A question and its ids fit in far less; 16 KB leaves room for a comment and stops abuse early. */
export const BODY_LIMIT_BYTES = 16 * 1024;
const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../widget/', import.meta.url));
const API_VERSION = '0.1.0';
/** Searches allowed per chat question: a search page issues a few per question typed. */
const SEARCH_RATE_FACTOR = 3;

/** `health`: where more checks behind `/ready` are registered (src/http/health/). */
export type App = Hono<AppEnv> & { reindexJob: ReindexJob; health: HealthRegistry };

export function createApp(deps: AppDeps): App {
  const { config, store, logger } = deps;
  const assistant = toAssistantRef(deps.assistant);
  const proxy = createProxyTrust(config.trustProxy);
  const requestOrigins = createRequestOrigins({ proxy, publicUrl: config.publicUrl });
  const origins = { allowedOrigins: config.allowedOrigins, origins: requestOrigins };
  const clientKey = createClientKeyer(proxy);
  const { indexDir } = toAssistantOptions(config);
  const reindexJob = createReindexJob(logger, { lockHolder: () => readIngestLock(indexDir) });
  const storeGuard = createStoreGuard(logger);
  const health = createHealthRegistry([
    storeGuard.check,
    diskSpaceCheck(config.dataDir, config.minFreeDiskMb),
    embeddingsCheck(assistant),
  ]);
  const openApi = buildOpenApi({ maxQuestionChars: config.maxQuestionChars, version: API_VERSION });

  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(logger));
  app.notFound(methodNotAllowedOrNotFound(() => app.routes));

  app.use(
    '*',
    requestLog(logger),
    securityHeaders(config.allowedOrigins),
    async (c, next) => {
      c.set('clientKey', clientKey(c));
      await next();
    },
    timeout(config.requestTimeoutMs, timeoutError),
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError(
          413,
          'payload_too_large',
          `La requête dépasse la taille autorisée (${BODY_LIMIT_BYTES / 1024} Ko).`,
        );
      },
    }),
  );
  app.use('/api/*', apiCors(origins), refuseForeignPosts(origins));
  // One limiter for both chat routes: streaming is not a way around the limit.
  const chatLimit = rateLimit({ perMinute: config.rateLimitPerMinute });
  app.use('/api/chat', chatLimit);
  app.use('/api/chat/stream', chatLimit);
  // Searching costs less than answering but is still CPU work a script could hammer.
  app.use('/api/search', rateLimit({ perMinute: config.rateLimitPerMinute * SEARCH_RATE_FACTOR }));

  app.route('/', healthRoutes({ assistant, health }));
  app.route(
    '/',
    chatRoutes({
      assistant,
      store,
      storeGuard,
      logger,
      maxQuestionChars: config.maxQuestionChars,
      timeoutMs: config.requestTimeoutMs,
      maxConcurrentAnswers: config.maxConcurrentAnswers,
    }),
  );
  app.route('/', searchRoutes({ assistant, maxQuestionChars: config.maxQuestionChars }));
  app.route('/', feedbackRoutes({ store, storeGuard }));
  app.route('/', documentFileRoutes({ assistant, frameAncestors: config.allowedOrigins }));
  app.route('/', adminRoutes({ token: config.adminToken, assistant, store, reindex: reindexJob, health }));
  // The staff console (src/http/agent/) under /agent and /api/agent/, behind its own sign-in.
  app.route(
    '/',
    createAgentRoutes({
      assistant: toAssistantService(assistant),
      agentToken: config.agentToken,
      agentUsers: config.agentUsers,
      sessionSecret: config.sessionSecret,
      origins: requestOrigins,
    }),
  );
  app.get('/openapi.json', (c) => c.json(openApi));
  app.route(
    '/',
    widgetRoutes({
      widgetDir: deps.widgetDir ?? DEFAULT_WIDGET_DIR,
      maxQuestionChars: config.maxQuestionChars,
    }),
  );

  return Object.assign(app, { reindexJob, health });
}
