import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, describeContact, parseSettings } from '../src/settings.ts';

const SCRIPT = 'https://assistant.example.fr/widget.js';

describe('parseSettings', () => {
  describe('when the script tag has no data-* attribute', () => {
    it('uses every default and the script origin as the API', () => {
      const { settings, warnings } = parseSettings({}, SCRIPT);
      expect(settings).toEqual({ ...DEFAULT_SETTINGS, api: 'https://assistant.example.fr' });
      expect(warnings).toEqual([]);
    });
  });

  describe('when the values are valid', () => {
    it('keeps them, trimmed', () => {
      const { settings, warnings } = parseSettings(
        {
          api: 'https://api.example.fr/citadoc/',
          title: '  Aide Contrat de ville ',
          greeting: 'Bienvenue',
          position: 'left',
          examples: 'Première ? | Deuxième ?|Troisième ?',
          contact: 'https://www.ales.fr/contact',
          accent: '#0B5A2A',
          stream: 'false',
        },
        SCRIPT,
      );
      expect(warnings).toEqual([]);
      expect(settings).toEqual({
        api: 'https://api.example.fr/citadoc',
        title: 'Aide Contrat de ville',
        greeting: 'Bienvenue',
        position: 'left',
        examples: ['Première ?', 'Deuxième ?', 'Troisième ?'],
        contact: 'https://www.ales.fr/contact',
        accent: '#0b5a2a',
        stream: false,
      });
    });

    it('resolves a relative data-api against the script URL', () => {
      expect(parseSettings({ api: '/' }, SCRIPT).settings.api).toBe('https://assistant.example.fr');
      expect(parseSettings({ api: 'sub/' }, SCRIPT).settings.api).toBe('https://assistant.example.fr/sub');
    });
  });

  describe('when a value is invalid', () => {
    it.each([
      ['position', 'center'],
      ['examples', 'a|b|c|d'],
      ['examples', ' | '],
      ['title', '   '],
      ['accent', 'red'],
      // Yellow under white text: 1.07:1, unreadable.
      ['accent', '#ffeb3b'],
      ['stream', 'yes'],
    ])('falls back to the default %s and warns', (key, value) => {
      const { settings, warnings } = parseSettings({ [key]: value }, SCRIPT);
      expect(settings[key as keyof typeof DEFAULT_SETTINGS]).toEqual(
        DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS],
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`data-${key}`);
    });

    it('refuses a javascript: API and warns', () => {
      const { settings, warnings } = parseSettings({ api: 'javascript:alert(1)' }, SCRIPT);
      expect(settings.api).toBe('https://assistant.example.fr');
      expect(warnings[0]).toContain('data-api');
    });

    it('warns about an unknown attribute, in kebab-case', () => {
      const { warnings } = parseSettings({ primaryColor: '#000' }, SCRIPT);
      expect(warnings).toEqual(['data-primary-color est inconnu : il est ignoré.']);
    });
  });
});

describe('describeContact', () => {
  it('links a web address without its scheme', () => {
    expect(describeContact('https://www.ales.fr/contact/')).toEqual({
      kind: 'link',
      href: 'https://www.ales.fr/contact/',
      label: 'www.ales.fr/contact',
    });
  });

  it('links an e-mail address', () => {
    expect(describeContact('politique.ville@ales.fr')).toEqual({
      kind: 'link',
      href: 'mailto:politique.ville@ales.fr',
      label: 'politique.ville@ales.fr',
    });
  });

  it('keeps plain text as text, even with a javascript: look', () => {
    expect(describeContact('Mairie d’Alès, 04 66 56 42 00')).toEqual({
      kind: 'text',
      text: 'Mairie d’Alès, 04 66 56 42 00',
    });
    expect(describeContact('javascript:alert(1)').kind).toBe('text');
  });
});
