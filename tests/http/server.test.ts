import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantService } from '../../src/assistant/types.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { createFakeAssistant } from './helpers.ts';

describe('startServer (real HTTP on port 0, fake assistant)', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  describe('while the assistant loads, then once it is loaded', () => {
    it('listens at once, reports ready only after loading, then answers over HTTP and SSE', async () => {
      let finishLoading!: (assistant: AssistantService) => void;
      const loading = new Promise<AssistantService>((resolve) => {
        finishLoading = resolve;
      });
      running = await startServer(
        { port: 0, dataDir: mkdtempSync(join(tmpdir(), 'citadoc-server-')), rateLimitPerMinute: 0 },
        { assistant: loading, logger: pino({ level: 'silent' }) },
      );
      expect(running.port).toBeGreaterThan(0);
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
      expect((await fetch(`${running.url}/ready`)).status).toBe(503);

      finishLoading(createFakeAssistant());
      await running.loaded;
      expect((await fetch(`${running.url}/ready`)).status).toBe(200);

      const chat = await fetch(`${running.url}/api/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: running.url },
        body: JSON.stringify({ question: 'Quand la refonte entre-t-elle en vigueur ?' }),
      });
      expect(chat.status).toBe(200);
      expect((await chat.json()).citations.length).toBeGreaterThan(0);

      const stream = await fetch(`${running.url}/api/chat/stream`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: 'Quand la refonte entre-t-elle en vigueur ?' }),
      });
      const text = await stream.text();
      expect(text).toMatch(/^event: start/);
      expect(text).toContain('event: done');
    });
  });

  describe('when the port is taken', () => {
    it('rejects instead of hanging', async () => {
      const options = { assistant: createFakeAssistant(), logger: pino({ level: 'silent' }) };
      const dataDir = mkdtempSync(join(tmpdir(), 'citadoc-server-'));
      running = await startServer({ port: 0, dataDir }, options);
      await expect(startServer({ port: running.port, dataDir }, options)).rejects.toThrow(/EADDRINUSE/);
    });
  });
});
