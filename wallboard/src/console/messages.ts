// Every label of the login, supervisor and agent pages, in English (messages-en.ts) and Simplified Chinese
// (messages-zh-CN.ts), and the choice between them.
import { en, type Messages } from './messages-en.ts';
import { zhCN } from './messages-zh-CN.ts';

export type { Messages };

export type Lang = 'en' | 'zh-CN';

/** The page's language: `?lang=zh-CN` or `?lang=en`, else the browser's preference. */
export function pickLang(search: string, browser: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'zh-CN' || asked === 'en') return asked;
  return browser[0]?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function messagesFor(lang: Lang): Messages {
  return lang === 'zh-CN' ? zhCN : en;
}
