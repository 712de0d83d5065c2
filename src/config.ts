/**
 * The service's configuration: read once at start from the environment (and an optional `.env`
 * file), checked with zod, and handed down as a plain object. Nothing else reads `process.env`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { AssistantOptions } from './assistant/types.ts';

/** Secrets shorter than this are guessable; refusing them at start beats a weak deployment. */
const MIN_TOKEN_CHARS = 16;
const MIN_SESSION_SECRET_CHARS = 32;
/** Each answer worker holds its own copy of the index (~80 MB); past a few, only memory grows. */
const MAX_ANSWER_WORKERS = 16;

const integer = z.coerce.number({ error: 'nombre entier attendu' }).int('nombre entier attendu');
const port = integer.min(0, 'port entre 0 et 65535').max(65_535, 'port entre 0 et 65535');
const positiveInt = integer.positive('nombre entier positif attendu');
const token = z.string().min(MIN_TOKEN_CHARS, `au moins ${MIN_TOKEN_CHARS} caractères`);
const flag = z.stringbool({ error: 'true ou false attendu' });
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** `name:password,name:password`: each entry needs both parts. */
const agentUsers = z
  .string()
  .refine(
    (value) => value.split(',').every((entry) => /^[^:,]+:[^,]+$/.test(entry.trim())),
    'format attendu « nom:mot-de-passe,nom:mot-de-passe »',
  );

/** A comma list of origins (`https://www.ales.fr`), normalised by the URL parser. */
const origins = z
  .string()
  .transform((value, ctx) => {
    const list: string[] = [];
    for (const raw of value.split(',')) {
      const item = raw.trim();
      if (!item) continue;
      const parsed = URL.canParse(item) ? new URL(item) : undefined;
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
        ctx.addIssue({ code: 'custom', message: `origine invalide « ${item} » (ex. https://www.ales.fr)` });
        return z.NEVER;
      }
      list.push(parsed.origin);
    }
    return list;
  })
  .default([]);

/**
 * Who is in front of the service: `false` (nobody), a number of proxies (hops), or their addresses
 * and networks. Only what they add to `X-Forwarded-*` is believed (src/http/proxy-trust.ts).
 */
export type TrustProxy = false | { hops: number } | { proxies: string[] };

/** A proxy on this machine, the usual deployment: what `TRUST_PROXY=true` means. */
export const LOOPBACK_PROXIES = ['127.0.0.0/8', '::1/128'];
/** Past this many hops, the setting is a typo rather than a chain of proxies. */
const MAX_PROXY_HOPS = 10;
const NO_WORDS = new Set(['false', 'no', 'off', 'n', 'disabled']);
const YES_WORDS = new Set(['true', 'yes', 'on', 'y', 'enabled']);

/** `10.0.0.0/8`, `::1` or `127.0.0.1`: an address, optionally with a prefix length that fits it. */
function isAddressOrNetwork(item: string): boolean {
  const [address = '', prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const word = value.toLowerCase();
  if (NO_WORDS.has(word) || word === '0') return false;
  if (YES_WORDS.has(word)) return { proxies: LOOPBACK_PROXIES };
  if (/^\d+$/.test(word)) {
    const hops = Number(word);
    if (hops <= MAX_PROXY_HOPS) return { hops };
    ctx.addIssue({ code: 'custom', message: `au plus ${MAX_PROXY_HOPS} proxys` });
    return z.NEVER;
  }
  const proxies: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === 'loopback') proxies.push(...LOOPBACK_PROXIES);
    else if (isAddressOrNetwork(item)) proxies.push(item);
    else {
      ctx.addIssue({
        code: 'custom',
        message: `« ${item} » n'est ni true/false, ni un nombre de proxys, ni une adresse ou un réseau (ex. 127.0.0.1, 10.0.0.0/8)`,
      });
      return z.NEVER;
    }
  }
  return { proxies };
});

/** The address residents and agents type (`https://citadoc.ales.fr`), kept as an origin. */
const publicUrl = z
  .url({ protocol: /^https?$/, error: 'adresse http(s) attendue (ex. https://citadoc.ales.fr)' })
  .transform((value) => new URL(value).origin);

const envSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  DATA_DIR: z.string().min(1).default('data'),
  MODELS_DIR: z.string().min(1).default('models'),
  EMBEDDING_MODEL: z.string().min(1).default('citadoc-ngram-fr'),
  ALLOW_REMOTE_MODELS: flag.default(false),
  EMBEDDINGS_URL: z.url({ error: 'URL attendue, p. ex. http://127.0.0.1:8000/v1' }).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_ROLES: z.enum(['auto', 'input_type', 'prefix', 'none']).default('auto'),
  EMBEDDINGS_TIMEOUT_MS: positiveInt.optional(),
  EMBEDDINGS_QUERY_TIMEOUT_MS: positiveInt.optional(),
  OCR: flag.default(true),
  ADMIN_TOKEN: token.optional(),
  AGENT_TOKEN: token.optional(),
  AGENT_USERS: agentUsers.optional(),
  SESSION_SECRET: z.string().min(MIN_SESSION_SECRET_CHARS).optional(),
  ALLOWED_ORIGINS: origins,
  RATE_LIMIT_PER_MINUTE: integer.min(0, '0 (désactivé) ou plus').default(20),
  RETENTION_DAYS: positiveInt.default(30),
  MIN_FREE_DISK_MB: integer.min(0, '0 (désactivé) ou plus').default(100),
  MAX_QUESTION_CHARS: positiveInt.max(10_000).default(500),
  REQUEST_TIMEOUT_MS: positiveInt.default(10_000),
  MAX_CONCURRENT_ANSWERS: positiveInt.default(64),
  ANSWER_CACHE_SIZE: integer.min(0, '0 (désactivé) ou plus').default(1000),
  ANSWER_WORKERS: integer
    .min(0, '0 (fil principal) ou plus')
    .max(MAX_ANSWER_WORKERS, `au plus ${MAX_ANSWER_WORKERS}`)
    .default(1),
  INDEX_POLL_MS: integer.min(0, '0 (désactivé) ou plus').default(2_000),
  TRUST_PROXY: trustProxy.default(false),
  PUBLIC_URL: publicUrl.optional(),
  CONTACT_NAME: z.string().min(1).default("Service Politique de la ville d'Alès Agglomération"),
  CONTACT_URL: z.url().default('https://www.ales.fr/territoire/politique-de-la-ville/contrat-de-ville'),
  CONTACT_EMAIL: z.email().optional(),
  CONTACT_PHONE: z.string().min(1).optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: positiveInt.default(20_000),
  LOG_LEVEL: logLevel.default('info'),
});

const configSchema = envSchema.transform((env) => ({
  port: env.PORT,
  host: env.HOST,
  corpusDir: env.CORPUS_DIR,
  dataDir: env.DATA_DIR,
  modelsDir: env.MODELS_DIR,
  embeddingModel: env.EMBEDDING_MODEL,
  allowRemoteModels: env.ALLOW_REMOTE_MODELS,
  /** A server speaking the OpenAI embeddings API replaces the in-process model when set. */
  embeddingsApi: env.EMBEDDINGS_URL
    ? {
        baseUrl: env.EMBEDDINGS_URL,
        model: env.EMBEDDINGS_MODEL,
        apiKey: env.EMBEDDINGS_API_KEY,
        roles: env.EMBEDDINGS_ROLES,
        timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
        queryTimeoutMs: env.EMBEDDINGS_QUERY_TIMEOUT_MS,
      }
    : undefined,
  ocr: env.OCR,
  adminToken: env.ADMIN_TOKEN,
  agentToken: env.AGENT_TOKEN,
  agentUsers: env.AGENT_USERS,
  /** Random per process when unset: sessions then end with the process, which is the safe default. */
  sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
  allowedOrigins: env.ALLOWED_ORIGINS,
  rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
  retentionDays: env.RETENTION_DAYS,
  /**
   * Below this free space in DATA_DIR, `/ready` reports the service degraded: a new index version is
   * written beside the live one (~20 MB for the default corpus) and SQLite needs room for its journal.
   */
  minFreeDiskMb: env.MIN_FREE_DISK_MB,
  maxQuestionChars: env.MAX_QUESTION_CHARS,
  requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
  /**
   * Answers computed at once; more get a 503 "busy". 64 is about one second of work at the ~60
   * answers/s bench/http.ts measured on two cores, four at the 15/s it measured on a shared
   * machine: either way well inside REQUEST_TIMEOUT_MS, where a longer queue would not be.
   */
  maxConcurrentAnswers: env.MAX_CONCURRENT_ANSWERS,
  /** Answers kept per loaded index: the questions residents ask most are answered at no cost. */
  answerCacheSize: env.ANSWER_CACHE_SIZE,
  /**
   * Threads that compute answers (src/assistant/pool.ts); 0 answers on the main thread. One, on two
   * cores shared with the load generator, uncached chat at 10 connections went from ~280 to
   * ~330-395 req/s and p99 from ~77 to ~56-70 ms (bench:http, 2026-11); two threads did no better
   * than one, and each costs ~70-80 MB (its own copy of the index).
   */
  answerWorkers: env.ANSWER_WORKERS,
  /**
   * How often the service reads `data/index/CURRENT` to follow a `npm run ingest` run beside it
   * (src/assistant/follow-index.ts; a file watcher usually sees it sooner). 0: only
   * `POST /admin/reindex` changes the index served.
   */
  indexPollMs: env.INDEX_POLL_MS,
  trustProxy: env.TRUST_PROXY,
  /** Decides links and whether cookies are `Secure`; else each request's own scheme does. */
  publicUrl: env.PUBLIC_URL,
  contact: {
    name: env.CONTACT_NAME,
    url: env.CONTACT_URL,
    email: env.CONTACT_EMAIL,
    phone: env.CONTACT_PHONE,
  },
  llm: {
    baseUrl: env.LLM_BASE_URL,
    apiKey: env.LLM_API_KEY,
    model: env.LLM_MODEL,
    timeoutMs: env.LLM_TIMEOUT_MS,
  },
  logLevel: env.LOG_LEVEL,
}));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once. Empty values (`ADMIN_TOKEN=` in a `.env`) count as unset; a wrong
 * value throws a `ConfigError` whose message names the variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(envSchema.shape);
  const present = Object.fromEntries(
    known.flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const result = configSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(`Configuration invalide :\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Variables from a `.env` file, if there is one; the real environment wins over it. */
export function readEnvFile(path = '.env'): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** Generative mode is on only when both an endpoint and a model are given. */
export function toAssistantOptions(config: Config): AssistantOptions {
  const { baseUrl, apiKey, model, timeoutMs } = config.llm;
  return {
    corpusDir: config.corpusDir,
    indexDir: join(config.dataDir, 'index'),
    modelsDir: config.modelsDir,
    embeddingModel: config.embeddingModel,
    allowRemoteModels: config.allowRemoteModels,
    embeddingsApi: config.embeddingsApi,
    ocr: config.ocr,
    contact: {
      name: config.contact.name,
      url: config.contact.url,
      email: config.contact.email,
      phone: config.contact.phone,
    },
    generative: baseUrl && model ? { baseUrl, apiKey, model, timeoutMs } : undefined,
    answerCacheSize: config.answerCacheSize,
    ingestIfMissing: true,
  };
}
