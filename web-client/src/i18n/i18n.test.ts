import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { detectLanguage, translate } from './index';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe('messages', () => {
  it('German has every English key', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('German uses the same placeholders as English', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('no message is empty', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(de)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    expect(translate('de', 'status.unsent', { count: 3 })).toBe('3 ungesendete Änderungen');
  });

  it('picks the first supported browser language', () => {
    expect(detectLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(detectLanguage(['fr'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
