/**
 * A question the documents do not cover, over HTTP with the real assistant on a small Rivebelle
 * corpus: the decline says what the assistant covers, names the contact in its text and carries it
 * as data, and offers no document, even one sharing a word with the question. Named `.index.` since
 * it ingests.
 */
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/assistant/index.ts';
import type { AssistantService, Contact } from '../../src/assistant/types.ts';
import { type App, createApp } from '../../src/http/index.ts';
import { chatResponseSchema } from '../../src/http/schemas.ts';
import { openStore } from '../../src/store/index.ts';
import { CONTRAT, QUARTIERS, rivebelleAssistant } from '../fixtures/rivebelle.ts';
import { postJson, testConfig } from './helpers.ts';

/** A page titled with « demain », the one word of « Quelle est la météo demain ? » the documents know. */
const PETITES_VILLES = `---
title: "Rivebelle, petite ville de demain"
url: "https://rivebelle.example/petites-villes-de-demain"
publisher: "Ville de Rivebelle"
date: "2023"
kind: web
---

# Petites villes de demain

Rivebelle est lauréate de ce programme national pour revitaliser son centre ancien.
`;

const CONTACT: Contact = {
  name: 'Mairie de Rivebelle',
  url: 'https://rivebelle.example/contact',
  email: 'politique.ville@rivebelle.example',
  phone: '04 00 00 00 00',
};

let root: string;
let assistant: AssistantService;
let app: App;

beforeAll(async () => {
  const made = await rivebelleAssistant('citadoc-decline-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
    'petites-villes.md': PETITES_VILLES,
  });
  root = made.root;
  assistant = await openAssistant({ ...made.options, contact: CONTACT });
  app = createApp({
    config: testConfig(),
    assistant,
    store: openStore({ path: ':memory:' }),
    logger: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await assistant?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('POST /api/chat', () => {
  describe('when the question is off the documents’ subject', () => {
    it('declines, says what it covers, and gives the contact in its text and as data, with no document', async () => {
      const response = await postJson(app, '/api/chat', { question: 'Quelle est la météo demain ?' });
      expect(response.status).toBe(200);
      const body = chatResponseSchema.parse(await response.json());
      expect(body).toMatchObject({ declined: true, kind: 'declined', citations: [], related: [] });
      expect(body.contact).toEqual(CONTACT);
      expect(body.answer).toContain('Contrat de ville');
      expect(body.answer).toContain('quartiers prioritaires');
      for (const value of [CONTACT.name, CONTACT.url, CONTACT.email, CONTACT.phone])
        expect(body.answer).toContain(value);
    });
  });

  describe('when the documents answer', () => {
    it('carries no contact', async () => {
      const response = await postJson(app, '/api/chat', {
        question: 'Quand le Contrat de ville de Rivebelle a-t-il été signé ?',
      });
      const body = chatResponseSchema.parse(await response.json());
      expect(body.declined).toBe(false);
      expect(body).not.toHaveProperty('contact');
    });
  });
});

describe('GET /openapi.json', () => {
  it('documents the contact of a decline as an optional field of ChatResponse', async () => {
    const doc = await (await app.request('/openapi.json')).json();
    const schema = doc.components.schemas.ChatResponse;
    expect(Object.keys(schema.properties.contact.properties)).toEqual(['name', 'url', 'email', 'phone']);
    expect(schema.required).not.toContain('contact');
    expect(schema.required).toContain('related');
  });
});
