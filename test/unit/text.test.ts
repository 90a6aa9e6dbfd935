import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, TEXT_MAX, textIssues } from '../../protocol/text';

describe('the text rule for every string of an input', () => {
  it('passes plain text, Chinese and emoji', () => {
    expect(textIssues({ name: '话费充值 📱', items: [{ name: 'a' }], n: 1, ok: true, none: null })).toEqual([]);
  });

  it('names each string with a NUL, a lone surrogate or too many characters', () => {
    const issues = textIssues({ name: 'a\u0000b', items: [{ label: '\ud800' }], tag: 'x'.repeat(TEXT_MAX + 1) });
    expect(issues.map((i) => i.field)).toEqual(['name', 'items.0.label', 'tag']);
    expect(issues[0]?.expected).toContain('NUL');
  });

  it('names a bad field name by where it sits, and a bare string as the whole input', () => {
    expect(textIssues({ outer: { 'k\u0000': 1 } })).toEqual([
      { field: 'outer', expected: expect.stringContaining('field names') },
    ]);
    expect(textIssues('\u0000', '(message)')).toEqual([{ field: '(message)', expected: expect.any(String) }]);
  });

  it('stops at a nesting no Pouch input has, before any parser recurses into it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    const issues = textIssues(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.expected).toBe(`expected at most ${MAX_DEPTH} levels of nesting`);
  });
});
