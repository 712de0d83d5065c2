/**
 * Requests a client gets wrong in form rather than content: a known address with the wrong method
 * (405 and `Allow`, not 404), a body that is not declared as JSON (415, however close the type).
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, postJson } from './helpers.ts';

describe('a known address asked with the wrong method', () => {
  it.each([
    ['GET', '/api/chat', 'POST'],
    ['PUT', '/api/chat/stream', 'POST'],
    ['POST', '/ready', 'GET, HEAD'],
    ['DELETE', '/api/documents', 'GET, HEAD'],
    ['POST', '/widget.js', 'GET, HEAD'],
    ['PATCH', '/documents/contrat-de-ville', 'GET, HEAD'],
  ])('%s %s answers 405, Allow: %s, with a French message', async (method, path, allow) => {
    const { app } = createTestApp();
    const response = await app.request(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toEqual({
      error: {
        code: 'method_not_allowed',
        message: `La méthode ${method} n'est pas acceptée à cette adresse (méthodes acceptées : ${allow}).`,
      },
    });
  });

  it('behind the admin token, only once the token is right (the route stays hidden otherwise)', async () => {
    const { app } = createTestApp({ env: { ADMIN_TOKEN } });
    expect((await app.request('/admin/reindex', { method: 'DELETE' })).status).toBe(401);
    const response = await app.request('/admin/reindex', {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD');
  });

  it('an unknown address is still 404', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/chats', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBeNull();
  });
});

describe('POST /api/chat with a Content-Type that is not JSON', () => {
  it.each(['application/json-x', 'application/jsonp', 'text/plain', 'application/x-www-form-urlencoded'])(
    'answers 415 for %s, saying what to send',
    async (type) => {
      const { app, assistant } = createTestApp();
      const response = await app.request('/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: JSON.stringify({ question: 'Quand la refonte ?' }),
      });
      expect(response.status).toBe(415);
      const { error } = await response.json();
      expect(error.code).toBe('unsupported_media_type');
      expect(error.message).toBe(
        `Le corps de la requête doit être du JSON, envoyé avec l'en-tête Content-Type: application/json (reçu : ${type}).`,
      );
      expect(assistant.asked).toEqual([]);
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON ; charset=UTF-8'])(
    'reads %s as JSON',
    async (type) => {
      const { app } = createTestApp();
      const response = await postJson(
        app,
        '/api/chat',
        { question: 'Quand la refonte ?' },
        { 'Content-Type': type },
      );
      expect(response.status).toBe(200);
    },
  );
});
