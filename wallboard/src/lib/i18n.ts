// The board's language, handed down the component tree once instead of through every tile's props.
import { getContext, setContext } from 'svelte';
import type { Locale } from './format.ts';
import { MESSAGES, type Messages } from './messages.ts';

export interface I18n {
  locale: Locale;
  t: Messages;
}

const KEY = Symbol('i18n');

/** Call during a page component's initialisation; its children read it with useI18n. */
export function provideI18n(locale: Locale): I18n {
  return setContext(KEY, { locale, t: MESSAGES[locale] });
}

/** English when no page provided a language (a tile used on its own). */
export function useI18n(): I18n {
  return getContext<I18n | undefined>(KEY) ?? { locale: 'en', t: MESSAGES.en };
}

/** `?lang=` wins over the board's language when it names one the wall speaks. */
export function pickLocale(urlLang: string | null, boardLanguage: Locale): Locale {
  return urlLang && urlLang in MESSAGES ? (urlLang as Locale) : boardLanguage;
}
