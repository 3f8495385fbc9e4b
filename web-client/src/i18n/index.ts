import { useMemo, useSyncExternalStore } from 'react';
import { createStore } from 'zustand/vanilla';
import { de } from './de';
import { type MessageKey, en } from './en';

export type { MessageKey };
export type Language = 'en' | 'de';

export const LANGUAGES: readonly Language[] = ['en', 'de'];

const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = 'pixelcraft.language';

/** Picks the first supported language from the browser's preference list, else English. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) {
      return base as Language;
    }
  }
  return 'en';
}

function initialLanguage(): Language {
  if (typeof window === 'undefined') {
    return 'en';
  }
  const stored = window.localStorage?.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) {
    return stored as Language;
  }
  return detectLanguage(navigator.languages ?? [navigator.language]);
}

export const languageStore = createStore<{ language: Language }>()(() => ({ language: initialLanguage() }));

export function setLanguage(language: Language): void {
  languageStore.setState({ language });
  window.localStorage?.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return languageStore.getState().language;
}

/** Formats a message, replacing `{name}` placeholders with the given values. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGS[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * Returns the translate function of the current language; components re-render when it changes.
 * The function keeps its identity while the language stays, so effects and callbacks that list it
 * as a dependency do not run again on every render.
 */
export function useT(): Translate {
  const language = useSyncExternalStore(languageStore.subscribe, () => languageStore.getState().language);
  return useMemo<Translate>(() => (key, params) => translate(language, key, params), [language]);
}

export function useLanguage(): Language {
  return useSyncExternalStore(languageStore.subscribe, () => languageStore.getState().language);
}

export function catalog(language: Language): Record<MessageKey, string> {
  return CATALOGS[language];
}
