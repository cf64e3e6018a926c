// Every sentence and label the wall shows, one table per language: English (messages-en.ts) and Chinese
// (messages-zh-CN.ts).
import type { Locale } from './format.ts';
import { en, type Messages } from './messages-en.ts';
import { zhCN } from './messages-zh-CN.ts';

export type { Messages };

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };
