/**
 * The follower over a real index folder and a fake assistant that records its switches: a new
 * `CURRENT` is switched to by itself, an unloadable version is logged in French and left aside, and
 * a reindex of the service's own is not switched to a second time.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FollowingAssistant, followIndex } from './follow-index.ts';
import type { LocalAssistant } from './types.ts';

/** Long enough that only the watcher can explain a switch seen sooner. */
const SLOW_POLL_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let indexDir: string;
let following: FollowingAssistant | undefined;
let logs: { level: number; msg: string; version?: string }[];

/** What an ingestion does last: `CURRENT` written beside and renamed over. */
async function pointTo(version: string): Promise<void> {
  const temp = join(indexDir, `CURRENT.${version}.tmp`);
  await writeFile(temp, `${version}\n`);
  await rename(temp, join(indexDir, 'CURRENT'));
}

function fakeAssistant(
  served: string,
  load: (version: string) => Promise<void> = async () => {},
): LocalAssistant & { switches: string[] } {
  const switches: string[] = [];
  return {
    switches,
    ready: () => true,
    ask: async () => ({ answer: '', declined: true, kind: 'declined', citations: [], related: [] }),
    search: async () => [],
    documents: () => [],
    documentFile: () => undefined,
    commitments: () => [],
    async reindex() {
      // The service's own reindex writes a new version, loads it (a while), then serves it.
      await pointTo('v-2-own');
      await sleep(300);
      served = 'v-2-own';
      return { ok: true, added: 1, changed: 0, unchanged: 0, removed: 0, failed: [], durationMs: 1 };
    },
    close: async () => {},
    servedVersion: () => served,
    async switchTo(version, beforeSwap) {
      await load(version);
      await beforeSwap?.();
      switches.push(version);
      served = version;
    },
  };
}

function follow(assistant: LocalAssistant, pollMs = SLOW_POLL_MS): FollowingAssistant {
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  following = followIndex(assistant, { indexDir, pollMs, debounceMs: 50, logger });
  return following;
}

beforeEach(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'citadoc-follow-'));
  await pointTo('v-1');
  logs = [];
});
afterEach(async () => {
  await following?.close();
  following = undefined;
  await rm(indexDir, { recursive: true, force: true });
});

describe('followIndex', () => {
  describe('when another process names a new version in CURRENT', () => {
    it('switches to it within a moment, through the watcher', async () => {
      const assistant = fakeAssistant('v-1');
      follow(assistant);
      await pointTo('v-2');
      await vi.waitFor(() => expect(assistant.switches).toEqual(['v-2']), { timeout: 2_000 });
      expect(logs.some((l) => l.msg.includes('nouvelle version') && l.version === 'v-2')).toBe(true);
    });

    it('switches on the next poll when no event comes', async () => {
      const assistant = fakeAssistant('v-1');
      // No watcher can see this: CURRENT changes before following starts.
      await pointTo('v-2');
      follow(assistant, 200);
      await vi.waitFor(() => expect(assistant.switches).toEqual(['v-2']), { timeout: 2_000 });
    });

    it('does nothing while CURRENT names the version served', async () => {
      const assistant = fakeAssistant('v-1');
      const following = follow(assistant, 50);
      await pointTo('v-1');
      await sleep(300);
      await following.check();
      expect(assistant.switches).toEqual([]);
    });
  });

  describe('when the new version cannot be loaded', () => {
    it('keeps serving, logs why in French once, and takes the next good version', async () => {
      const assistant = fakeAssistant('v-1', async (version) => {
        if (version === 'v-2-broken') throw new Error("l'index est illisible");
      });
      const following = follow(assistant, 50);
      await pointTo('v-2-broken');
      await vi.waitFor(() => expect(logs.some((l) => l.level >= 50)).toBe(true), { timeout: 2_000 });
      // Several polls later, still one error and still the old version.
      await sleep(300);
      const errors = logs.filter((l) => l.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.msg).toContain("l'index précédent reste en service");
      expect(assistant.servedVersion()).toBe('v-1');

      await pointTo('v-3');
      await following.check();
      expect(assistant.switches).toEqual(['v-3']);
    });
  });

  describe("during the service's own reindex", () => {
    it('waits for it and does not switch a second time', async () => {
      const assistant = fakeAssistant('v-1');
      const following = follow(assistant, 50);
      const report = await following.reindex();
      expect(report.ok).toBe(true);
      await sleep(300);
      await following.check();
      expect(assistant.servedVersion()).toBe('v-2-own');
      expect(assistant.switches).toEqual([]);
    });
  });
});
