import { describe, expect, it } from 'vitest';
import { createFakeAssistant, createTestApp } from './helpers.ts';

describe('GET /health', () => {
  it('answers 200 as soon as the process is up', async () => {
    const assistant = createFakeAssistant();
    assistant.setReady(false);
    const { app } = createTestApp({ assistant });
    expect((await app.request('/health')).status).toBe(200);
  });
});

describe('GET /ready', () => {
  describe('while the index loads', () => {
    it('answers 503 with a French message', async () => {
      const assistant = createFakeAssistant();
      assistant.setReady(false);
      const { app } = createTestApp({ assistant });
      const response = await app.request('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        ready: false,
        error: { message: expect.stringMatching(/se prépare/) },
      });
    });
  });

  describe('once the index is loaded', () => {
    it('answers 200', async () => {
      const assistant = createFakeAssistant();
      assistant.setReady(false);
      const { app } = createTestApp({ assistant });
      assistant.setReady(true);
      expect(await (await app.request('/ready')).json()).toEqual({ ready: true });
    });
  });
});
