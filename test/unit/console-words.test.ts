import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZH, ZH_PLATFORM } from '../../platform/console/i18n/zh';

const root = join(import.meta.dirname, '../..');
const sources = (folder: string): string[] =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(root, folder, file), 'utf8'));

/** Every `t('…')` key the console's code passes, as written (quotes unescaped). */
function consoleKeys(): Set<string> {
  const keys = new Set<string>();
  for (const source of sources('platform/console'))
    for (const match of source.matchAll(/\bt\(\s*(['"])((?:\\.|(?!\1).)*)\1/gs))
      keys.add(match[2]!.replace(/\\(['"\\])/g, '$1'));
  return keys;
}

describe('the console’s Chinese catalogue', () => {
  it('has the Chinese of every key the console uses, and no key it no longer uses', () => {
    const used = consoleKeys();
    expect([...used].filter((key) => !(key in ZH))).toEqual([]);
    expect(Object.keys(ZH).filter((key) => !used.has(key))).toEqual([]);
  });

  it('keeps the same {placeholders} in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.entries(ZH).filter(([english, chinese]) => names(english).join() !== names(chinese).join());
    expect(differ).toEqual([]);
  });

  it('words only what the platform can send: each platform key stands in its code', () => {
    const platform = [...sources('platform'), ...sources('protocol')].join('\n');
    const unknown = Object.keys(ZH_PLATFORM).filter(
      (english) =>
        !platform.includes(`'${english}'`) && !platform.includes(`"${english}"`) && !platform.includes(english),
    );
    expect(unknown).toEqual([]);
  });
});
