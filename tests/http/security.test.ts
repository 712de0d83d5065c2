import { describe, expect, it } from 'vitest';
import { createTestApp, postJson } from './helpers.ts';

const QUESTION = { question: 'Quand la refonte ?' };
const env = { ALLOWED_ORIGINS: 'https://www.ales.fr, https://agglo.example.org/' };

describe('every response', () => {
  it('carries the security headers and a strict CSP', async () => {
    const { app } = createTestApp();
    const response = await app.request('/health');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the headers on errors too', async () => {
    const { app } = createTestApp();
    const response = await postJson(app, '/api/chat', {});
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('CORS on /api', () => {
  describe('when the origin is allowed', () => {
    it('answers the preflight and the request with that origin', async () => {
      const { app } = createTestApp({ env });
      const preflight = await app.request('/api/chat', {
        method: 'OPTIONS',
        headers: { Origin: 'https://agglo.example.org', 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://agglo.example.org');

      const response = await postJson(app, '/api/chat', QUESTION, { Origin: 'https://www.ales.fr' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://www.ales.fr');
      expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
    });
  });

  describe('when the origin is the service itself', () => {
    it('works without being listed', async () => {
      const { app } = createTestApp();
      const response = await postJson(app, 'http://localhost:8787/api/chat', QUESTION, {
        Origin: 'http://localhost:8787',
      });
      expect(response.status).toBe(200);
    });
  });

  describe('when the origin is not allowed', () => {
    it('gives no CORS grant and refuses the post', async () => {
      const { app, assistant } = createTestApp({ env });
      const preflight = await app.request('/api/chat', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

      const response = await postJson(app, '/api/chat', QUESTION, { Origin: 'https://evil.example' });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(assistant.asked).toEqual([]);
    });
  });
});

describe('unknown routes', () => {
  it('answer a JSON 404 under /api', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('GET /openapi.json', () => {
  it('describes every public route from the zod schemas (OpenAPI 3.1)', async () => {
    const { app } = createTestApp();
    const doc = await (await app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/chat',
        '/api/chat/stream',
        '/api/search',
        '/api/documents',
        '/api/feedback',
        '/admin/report',
      ]),
    );
    const question =
      doc.paths['/api/chat'].post.requestBody.content['application/json'].schema.properties.question;
    expect(question).toMatchObject({ type: 'string', minLength: 1, maxLength: 500 });
    const k = doc.paths['/api/search'].get.parameters.find((p: { name: string }) => p.name === 'k');
    expect(k).toMatchObject({ required: false, schema: { maximum: 50, default: 10 } });
  });
});

describe('the staff console', () => {
  it('is mounted behind its own sign-in and under the same security headers', async () => {
    const { app } = createTestApp({ env: { AGENT_TOKEN: 'agent-token-0123456789abcdef' } });
    const response = await app.request('/api/agent/search?q=refonte');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
