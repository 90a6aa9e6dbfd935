import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodeSchema } from '../../protocol/messages';
import { REFUSAL_CODES } from '../../protocol/refusal-codes';
import { TAG_REFUSALS } from '../../protocol/verify-checkout-tag';

const LOCALES = ['en', 'zh_CN'] as const;
const messages = (locale: (typeof LOCALES)[number]): Record<string, { message: string }> =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'));

/** Placeholders a message takes: $1, $2, … */
const placeholders = (text: string) => [...text.matchAll(/\$(\d)/g)].map((m) => m[1]).sort();

describe('the wallet’s words for refusals', () => {
  const every = [...new Set([...REFUSAL_CODES, ...ErrorCodeSchema.options, ...TAG_REFUSALS])];

  it.each(LOCALES)(
    'has words in %s for every refusal the platform, the wallet and the tag check can send',
    (locale) => {
      const words = messages(locale);
      const missing = every.filter((code) => !words[`error_${code}`]?.message.trim());
      expect(missing, `refusal codes with no words in ${locale}`).toEqual([]);
    },
  );

  it('says the same figures in every language, and no language has words the others lack', () => {
    const [en, zh] = LOCALES.map(messages);
    const keys = (words: Record<string, unknown>) =>
      Object.keys(words)
        .filter((key) => /^(error|field)_/.test(key))
        .sort();
    expect(keys(zh!)).toEqual(keys(en!));
    for (const key of keys(en!))
      expect([key, placeholders(zh![key]!.message)]).toEqual([key, placeholders(en![key]!.message)]);
  });

  it('puts no code, field name or platform English into the Chinese words', () => {
    const zh = messages('zh_CN');
    const codeLike = Object.entries(zh).filter(
      ([key, { message }]) =>
        /^(error|field)_/.test(key) &&
        /[a-z]+_[a-z]+|[A-Za-z]{4,}/.test(message.replace(/Pouch|PIN|Webhook|API|MM\/YY|https:\/\/pay\.example/g, '')),
    );
    expect(codeLike).toEqual([]);
  });
});
