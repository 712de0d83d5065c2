import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, LOOPBACK_PROXIES, loadConfig, readEnvFile, toAssistantOptions } from './config.ts';

describe('loadConfig', () => {
  describe('when nothing is set', () => {
    it('uses safe defaults', () => {
      const config = loadConfig({});
      expect(config).toMatchObject({
        port: 8787,
        host: '127.0.0.1',
        rateLimitPerMinute: 20,
        retentionDays: 30,
        maxQuestionChars: 500,
        trustProxy: false,
        allowedOrigins: [],
        adminToken: undefined,
      });
      expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({}).sessionSecret).not.toBe(config.sessionSecret);
    });
  });

  describe('when values are given', () => {
    it('parses numbers, flags and origin lists, and treats empty values as unset', () => {
      const config = loadConfig({
        PORT: '0',
        TRUST_PROXY: 'yes',
        ALLOWED_ORIGINS: 'https://www.ales.fr/, http://localhost:3000',
        RATE_LIMIT_PER_MINUTE: '0',
        ADMIN_TOKEN: '',
      });
      expect(config).toMatchObject({
        port: 0,
        trustProxy: { proxies: LOOPBACK_PROXIES },
        allowedOrigins: ['https://www.ales.fr', 'http://localhost:3000'],
        rateLimitPerMinute: 0,
        adminToken: undefined,
      });
    });
  });

  describe('TRUST_PROXY and PUBLIC_URL', () => {
    it.each([
      ['false', false],
      ['0', false],
      ['true', { proxies: LOOPBACK_PROXIES }],
      ['2', { hops: 2 }],
      ['10.0.0.0/8, 192.168.1.1,::1', { proxies: ['10.0.0.0/8', '192.168.1.1', '::1'] }],
      ['loopback,10.0.0.2', { proxies: [...LOOPBACK_PROXIES, '10.0.0.2'] }],
    ])('reads TRUST_PROXY=%s as the proxies to believe', (value, trustProxy) => {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trustProxy);
    });

    it.each(['10.0.0.0/33', '10.0.0', 'proxy.local', '11', '::1/129'])(
      'refuses TRUST_PROXY=%s, naming it',
      (value) => {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
      },
    );

    it('keeps PUBLIC_URL as an origin, and refuses what is not http(s)', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://citadoc.ales.fr/agent' }).publicUrl).toBe(
        'https://citadoc.ales.fr',
      );
      expect(loadConfig({}).publicUrl).toBeUndefined();
      expect(() => loadConfig({ PUBLIC_URL: 'ftp://citadoc.ales.fr' })).toThrow(/PUBLIC_URL/);
    });
  });

  describe('when a value is wrong', () => {
    it.each([
      ['PORT', 'huit'],
      ['TRUST_PROXY', 'peut-être'],
      ['ADMIN_TOKEN', 'court'],
      ['ALLOWED_ORIGINS', 'www.ales.fr'],
      ['AGENT_USERS', 'marie'],
      ['CONTACT_EMAIL', 'pas-un-courriel'],
    ])('stops with a message naming %s', (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(name);
    });
  });
});

describe('readEnvFile', () => {
  it('reads a .env file, and nothing when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'citadoc-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=9000\n# comment\nCONTACT_NAME="Mairie d\'Alès"\n');
    expect(readEnvFile(join(dir, '.env'))).toEqual({ PORT: '9000', CONTACT_NAME: "Mairie d'Alès" });
    expect(readEnvFile(join(dir, 'missing.env'))).toEqual({});
  });
});

describe('toAssistantOptions', () => {
  it('puts the index under DATA_DIR and turns generative mode on only with an endpoint and a model', () => {
    const base = toAssistantOptions(
      loadConfig({ DATA_DIR: '/var/lib/citadoc', LLM_BASE_URL: 'http://localhost:11434/v1' }),
    );
    expect(base).toMatchObject({
      indexDir: '/var/lib/citadoc/index',
      ingestIfMissing: true,
      generative: undefined,
    });
    const generative = toAssistantOptions(
      loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'mistral', LLM_TIMEOUT_MS: '5000' }),
    );
    expect(generative.generative).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'mistral',
      apiKey: undefined,
      timeoutMs: 5000,
    });
  });
});
