/**
 * `/openapi.json`, generated from the same zod schemas the routes validate with (zod 4's
 * `toJSONSchema`, whose 2020-12 dialect is the one OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import {
  chatRequestSchema,
  chatResponseSchema,
  documentInfoSchema,
  errorSchema,
  feedbackRequestSchema,
  readyResponseSchema,
  reindexStatusSchema,
  reportQuerySchema,
  searchHitSchema,
  searchQuerySchema,
  usageReportSchema,
} from './schemas.ts';

type Io = 'input' | 'output';

function jsonSchema(schema: z.ZodType, io: Io): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).isOptional(),
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

const errorRef = { $ref: '#/components/schemas/Error' };

function errors(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Requête invalide (`field` nomme le champ en cause).',
    401: 'Jeton manquant ou invalide.',
    403: 'Origine (en-tête Origin) non autorisée (ALLOWED_ORIGINS).',
    404: 'Introuvable (ou route admin fermée sans ADMIN_TOKEN).',
    405: 'Méthode non acceptée à cette adresse (voir l’en-tête `Allow`).',
    409: 'Une réindexation est déjà en cours (`reindex_running`), ou une indexation lancée ailleurs (ligne de commande) tient le verrou (`ingest_locked`, le message dit qui).',
    413: 'Corps de requête trop volumineux.',
    415: 'Le corps doit être du JSON (`Content-Type: application/json`, rien d’autre).',
    429: 'Trop de requêtes (voir `Retry-After`).',
    503: 'Index en cours de chargement (`not_ready`), assistant saturé (`busy`), délai dépassé (`timeout`) ou avis impossible à enregistrer (`store_unavailable`, disque plein).',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: descriptions[status], content: { 'application/json': { schema: errorRef } } },
    ]),
  );
}

const ok = (description: string, schema: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema } },
});

const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: jsonSchema(schema, 'input') } },
});

export function buildOpenApi(options: { maxQuestionChars: number; version: string }) {
  const chatRequest = chatRequestSchema(options.maxQuestionChars);
  const admin = [{ adminToken: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'citadoc',
      version: options.version,
      description:
        "Réponses citées aux questions des habitants sur les documents publics du Contrat de ville d'Alès Agglomération.",
    },
    components: {
      schemas: {
        Error: jsonSchema(errorSchema, 'output'),
        ChatResponse: jsonSchema(chatResponseSchema, 'output'),
      },
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
    },
    paths: {
      '/api/chat': {
        post: {
          summary: 'Poser une question (réponse complète).',
          requestBody: body(chatRequest),
          responses: {
            '200': ok('La réponse et ses citations.', { $ref: '#/components/schemas/ChatResponse' }),
            ...errors(400, 403, 405, 413, 415, 429, 503),
          },
        },
      },
      '/api/chat/stream': {
        post: {
          summary: 'Poser une question (réponse en Server-Sent Events).',
          description:
            'Événements : `start` {conversationId, answerId}, `delta` {text} (phrase par phrase), `citations` {citations}, `done` (ChatResponse) ou `error` {code, message}.',
          requestBody: body(chatRequest),
          responses: {
            '200': {
              description: 'Flux SSE.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(400, 403, 405, 413, 415, 429, 503),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Rechercher des passages.',
          parameters: queryParameters(searchQuerySchema(options.maxQuestionChars)),
          responses: {
            '200': ok(
              'Passages classés.',
              jsonSchema(z.object({ results: z.array(searchHitSchema) }), 'output'),
            ),
            ...errors(400, 503),
          },
        },
      },
      '/api/documents': {
        get: {
          summary: 'Lister les documents.',
          responses: {
            '200': ok(
              'Les documents indexés.',
              jsonSchema(z.object({ documents: z.array(documentInfoSchema) }), 'output'),
            ),
            ...errors(503),
          },
        },
      },
      '/documents/{id}': {
        get: {
          summary:
            'Un document : le PDF d’origine, ou une page de lecture pour un texte (Markdown, HTML, texte).',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'passage',
              in: 'query',
              required: false,
              description:
                'Textes : le passage cité à surligner, en positions de caractères « début-fin » (lien des citations).',
              schema: { type: 'string', pattern: '^\\d{1,9}-\\d{1,9}$' },
            },
          ],
          responses: {
            '200': { description: 'Le PDF, ou la page HTML du texte avec le passage surligné.' },
            ...errors(404, 503),
          },
        },
      },
      '/api/feedback': {
        post: {
          summary: 'Noter une réponse.',
          requestBody: body(feedbackRequestSchema),
          responses: { '204': { description: 'Enregistré.' }, ...errors(400, 403, 404, 405, 413, 415, 503) },
        },
      },
      '/health': { get: { summary: 'Le processus répond.', responses: { '200': { description: 'OK' } } } },
      '/ready': {
        get: {
          summary: "L'index est chargé ; état des parties du service.",
          description:
            "200 dès qu'un index est chargé. `status` vaut `ok`, ou `degraded` quand une vérification échoue (disque presque plein, conversations non enregistrées…) : les habitants reçoivent toujours leurs réponses, `reasons` dit ce qui ne va pas, en français, une entrée par vérification.",
          responses: {
            '200': ok('Prêt (`ok` ou `degraded`).', jsonSchema(readyResponseSchema, 'output')),
            '503': ok('Chargement en cours (`starting`).', jsonSchema(readyResponseSchema, 'output')),
          },
        },
      },
      '/admin/reindex': {
        post: {
          summary: 'Lancer une réindexation en arrière-plan.',
          security: admin,
          responses: {
            '202': ok('Lancée.', jsonSchema(reindexStatusSchema, 'output')),
            ...errors(401, 404, 409, 503),
          },
        },
        get: {
          summary: 'État de la dernière réindexation.',
          security: admin,
          responses: { '200': ok('État.', jsonSchema(reindexStatusSchema, 'output')), ...errors(401, 404) },
        },
      },
      '/admin/report': {
        get: {
          summary: 'Questions déclinées, sans réponse, et réponses jugées inutiles.',
          security: admin,
          parameters: queryParameters(reportQuerySchema),
          responses: {
            '200': ok('Rapport.', jsonSchema(usageReportSchema, 'output')),
            ...errors(400, 401, 404),
          },
        },
      },
      '/widget.js': {
        get: { summary: 'Le script du widget.', responses: { '200': { description: 'JavaScript.' } } },
      },
    },
  };
}
