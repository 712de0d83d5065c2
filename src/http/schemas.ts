/**
 * The API's shapes in one place: request schemas validate at the routes (with French messages,
 * since they reach residents), response schemas document what comes back. `/openapi.json` is
 * generated from both, so the documentation cannot drift from the checks.
 */
import { z } from 'zod';
import type { Citation, Contact } from '../answer/types.ts';
import type { DocumentInfo, ReindexReport, SearchHit } from '../assistant/types.ts';
import { documentMetaSchema } from '../index/manifest.ts';

/** Search results asked for at once; more is a scrape, not a search. */
export const SEARCH_K_MAX = 50;
export const SEARCH_K_DEFAULT = 10;
export const COMMENT_MAX_CHARS = 1_000;
export const REPORT_DAYS_MAX = 365;

const required = (message: string, wrongType: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? message : wrongType;

export function questionSchema(maxChars: number, name: string) {
  return z
    .string({ error: required(`${name} est obligatoire.`, `${name} doit être un texte.`) })
    .trim()
    .min(1, `${name} est vide.`)
    .max(maxChars, `${name} dépasse la limite de ${maxChars} caractères.`);
}

export function chatRequestSchema(maxQuestionChars: number) {
  return z.object({
    question: questionSchema(maxQuestionChars, 'La question'),
    conversationId: z
      .uuid({ error: "L'identifiant de conversation doit être un UUID." })
      .nullish()
      .describe('Pour une question de suite ; inconnu ou expiré, une nouvelle conversation commence.'),
  });
}

export function searchQuerySchema(maxQuestionChars: number) {
  return z.object({
    q: questionSchema(maxQuestionChars, 'La recherche (q)'),
    k: z.coerce
      .number({ error: 'Le nombre de résultats (k) doit être un nombre.' })
      .int('Le nombre de résultats (k) doit être un entier.')
      .min(1, 'Le nombre de résultats (k) doit être au moins 1.')
      .max(SEARCH_K_MAX, `Le nombre de résultats (k) ne peut dépasser ${SEARCH_K_MAX}.`)
      .default(SEARCH_K_DEFAULT),
    document: z.string().max(200, "L'identifiant de document est trop long.").optional(),
    kind: z.string().max(64, 'Le type de document est trop long.').optional(),
    year: z
      .string()
      .regex(/^\d{4}$/, "L'année (year) doit comporter quatre chiffres.")
      .optional(),
  });
}

export const feedbackRequestSchema = z.object({
  answerId: z
    .string({
      error: required(
        "L'identifiant de réponse est obligatoire.",
        "L'identifiant de réponse doit être un texte.",
      ),
    })
    .min(1, "L'identifiant de réponse est obligatoire.")
    .max(100, "L'identifiant de réponse est invalide."),
  rating: z.enum(['up', 'down'], { error: 'La note doit valoir « up » ou « down ».' }),
  comment: z
    .string({ error: 'Le commentaire doit être un texte.' })
    .trim()
    .max(COMMENT_MAX_CHARS, `Le commentaire dépasse la limite de ${COMMENT_MAX_CHARS} caractères.`)
    .optional(),
});

export const reportQuerySchema = z.object({
  days: z.coerce
    .number({ error: 'Le nombre de jours (days) doit être un nombre.' })
    .int('Le nombre de jours (days) doit être un entier.')
    .min(1, 'Le nombre de jours (days) doit être au moins 1.')
    .max(REPORT_DAYS_MAX, `Le nombre de jours (days) ne peut dépasser ${REPORT_DAYS_MAX}.`)
    .default(30),
});

// Responses. `satisfies` keeps each schema in step with the shared types it documents.

export const citationSchema = z.object({
  n: z.number().int(),
  source: z.string(),
  docId: z.string(),
  title: z.string(),
  page: z.number().int().optional(),
  pageEnd: z.number().int().optional(),
  url: z.string(),
  excerpt: z.string(),
  headingPath: z.array(z.string()),
  date: z.string().optional(),
}) satisfies z.ZodType<Citation>;

export const contactSchema = z.object({
  name: z.string(),
  url: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
}) satisfies z.ZodType<Contact>;

export const chatResponseSchema = z.object({
  answer: z.string(),
  declined: z.boolean(),
  kind: z.enum(['answer', 'declined', 'smalltalk']),
  citations: z.array(citationSchema),
  /** With a decline, documents to look at (not sources of an answer); empty otherwise. */
  related: z.array(citationSchema),
  /** With a decline, who to ask instead (named in the text too); absent otherwise. */
  contact: contactSchema.optional(),
  conversationId: z.uuid(),
  answerId: z.uuid(),
});

export type ChatResponse = z.output<typeof chatResponseSchema>;

export const searchHitSchema = citationSchema
  .omit({ n: true })
  .extend({ score: z.number(), matchedTerms: z.array(z.string()) }) satisfies z.ZodType<SearchHit>;

/** The index's description of a document (`src/index/manifest.ts`), without the maintainers' note. */
export const documentInfoSchema = documentMetaSchema.omit({ note: true }).extend({
  id: z.string(),
  source: z.string(),
  pages: z.number().int().optional(),
  chunks: z.number().int(),
  mime: z.string(),
}) satisfies z.ZodType<DocumentInfo>;

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const reindexReportSchema = z.object({
  ok: z.boolean(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
  failed: z.array(z.object({ source: z.string(), reason: z.string() })),
  durationMs: z.number(),
}) satisfies z.ZodType<ReindexReport>;

export const reindexStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'succeeded', 'failed']),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** In French: « Réindexation réussie, 2 fichiers en échec. », or why it failed. */
  message: z.string().optional(),
  report: reindexReportSchema.optional(),
  error: z.string().optional(),
});

export type ReindexStatus = z.output<typeof reindexStatusSchema>;

export const readyResponseSchema = z.object({
  ready: z.boolean().describe('Vrai quand un index est chargé : les questions reçoivent une réponse.'),
  status: z
    .enum(['ok', 'degraded', 'starting'])
    .describe(
      '`degraded` : les réponses continuent, mais une partie du service est en échec (voir `reasons`).',
    ),
  reasons: z
    .array(
      z.object({
        check: z.string().describe('`store` (enregistrement des conversations), `disk` (espace libre)…'),
        reason: z.string().describe('Pourquoi, en français.'),
        since: z.string().optional().describe('Depuis quand (ISO 8601), si connu.'),
        failures: z.number().int().optional().describe("Nombre d'opérations en échec depuis, si compté."),
      }),
    )
    .describe('Vide quand tout va bien.'),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export type ReadyResponse = z.output<typeof readyResponseSchema>;

const questionGroupSchema = z.object({
  question: z.string(),
  count: z.number().int(),
  lastAskedAt: z.string(),
});

export const usageReportSchema = z.object({
  since: z.string(),
  until: z.string(),
  totals: z.object({
    questions: z.number().int(),
    answered: z.number().int(),
    declined: z.number().int(),
    unanswered: z.number().int(),
    up: z.number().int(),
    down: z.number().int(),
  }),
  declined: z.array(questionGroupSchema),
  unanswered: z.array(questionGroupSchema),
  thumbsDown: z.array(
    questionGroupSchema.extend({ answer: z.string().nullable(), comments: z.array(z.string()) }),
  ),
});
