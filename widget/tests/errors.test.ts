import { describe, expect, it } from 'vitest';
import { describeFailure, parseRetryAfter, readErrorBody } from '../src/errors.ts';

describe('describeFailure', () => {
  it('tells when to retry after a 429', () => {
    expect(describeFailure({ kind: 'http', status: 429, retryAfter: 12 })).toBe(
      'Vous avez posé beaucoup de questions en peu de temps. Réessayez dans 12 secondes.',
    );
    expect(describeFailure({ kind: 'http', status: 429, retryAfter: 1 })).toContain('dans 1 seconde.');
    expect(describeFailure({ kind: 'http', status: 429 })).toContain('Réessayez dans un instant.');
  });

  it('says the service is starting on a 503, whatever the body says', () => {
    expect(describeFailure({ kind: 'http', status: 503, message: 'index loading' })).toBe(
      'Le service démarre. Réessayez dans quelques instants.',
    );
  });

  it('says the service is unreachable on a network failure', () => {
    expect(describeFailure({ kind: 'network' })).toMatch(/^Le service est injoignable/);
  });

  it("passes the server's French message on for other errors", () => {
    expect(describeFailure({ kind: 'http', status: 400, message: 'La question est trop longue.' })).toBe(
      'La question est trop longue.',
    );
    expect(describeFailure({ kind: 'stream', message: 'La génération a échoué.' })).toBe(
      'La génération a échoué.',
    );
  });

  it('falls back to a generic French sentence without a message', () => {
    expect(describeFailure({ kind: 'http', status: 500 })).toBe(
      'Une erreur est survenue. Réessayez dans quelques instants.',
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and ignores anything else', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
  });
});

describe('readErrorBody', () => {
  it('reads { error: { code, message } } and nothing else', () => {
    expect(readErrorBody({ error: { code: 'bad_request', message: 'Question vide.' } })).toEqual({
      code: 'bad_request',
      message: 'Question vide.',
    });
    expect(readErrorBody({ error: 'x' })).toEqual({});
    expect(readErrorBody('<html>')).toEqual({});
  });
});
