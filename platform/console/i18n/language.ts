import { getContext } from 'hono/context-storage';
import { languageDetector } from 'hono/language';
import type { Env } from '../../context';
import { ZH, ZH_PATTERNS, ZH_PLATFORM } from './zh';

/** The console's languages: English, and Chinese for the shops this wallet is modelled on. */
export type ConsoleLanguage = 'en' | 'zh-CN';

/**
 * The request's language: `?lang=` (the header's switch), then the cookie it leaves, then the
 * browser's Accept-Language; English when none of them is Chinese.
 */
export const detectLanguage = languageDetector({
  supportedLanguages: ['en', 'zh-CN'],
  fallbackLanguage: 'en',
  order: ['querystring', 'cookie', 'header'],
  lookupQueryString: 'lang',
  lookupCookie: 'pouch_console_lang',
  caches: ['cookie'],
  cookieOptions: { path: '/console', sameSite: 'Strict', httpOnly: true, maxAge: 365 * 24 * 3600 },
  convertDetectedLanguage: (tag) => (/^zh\b/i.test(tag) ? 'zh-CN' : /^en\b/i.test(tag) ? 'en' : tag),
});

/** The language of the request being answered; English outside one (a unit test calling a view). */
export function language(): ConsoleLanguage {
  try {
    return getContext<Env>().var.language === 'zh-CN' ? 'zh-CN' : 'en';
  } catch {
    return 'en';
  }
}

/**
 * Words in the request's language. The English text is the message's key (as gettext's msgid): the
 * English catalogue is the text itself, the Chinese one `ZH` (a test checks that every key used has
 * its Chinese). `{name}` takes `values.name`.
 */
export function t(english: string, values: Record<string, string | number> = {}): string {
  const text =
    language() === 'zh-CN' ? (ZH[english] ?? ZH_PLATFORM[english] ?? fromPattern(english) ?? english) : english;
  return text.replace(/\{(\w+)\}/g, (whole: string, name: string) => (name in values ? String(values[name]) : whole));
}

/** Words the platform's schemas make with figures in them ("expected at most 500 characters"). */
function fromPattern(english: string): string | undefined {
  for (const [pattern, chinese] of ZH_PATTERNS) {
    const match = pattern.exec(english);
    if (match)
      return chinese.replace(/\$(t?)(\d)/g, (_: string, translated: string, i: string) => {
        const group = match[Number(i)] ?? '';
        return translated ? t(group) : group;
      });
  }
  return undefined;
}
