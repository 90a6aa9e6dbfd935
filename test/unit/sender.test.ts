import { describe, expect, it } from 'vitest';
import { senderRole } from '../../lib/background/sender';
import { contentSender, UI_SENDER } from '../support/fake-context';

const role = (sender: Parameters<typeof senderRole>[0]) =>
  senderRole(sender, 'own-extension-id', 'chrome-extension://own-extension-id');

describe('senderRole', () => {
  it("treats the extension's own pages as ui", () => {
    expect(role(UI_SENDER)).toEqual({ role: 'ui' });
    expect(role({ ...UI_SENDER, tab: { id: 3 }, frameId: 0 })).toEqual({ role: 'ui' });
  });

  it('treats a top-frame http(s) content script as content, with its tab and origin', () => {
    expect(role(contentSender())).toEqual({ role: 'content', tabId: 7, origin: 'https://shop.example' });
    const firefoxStyle = { ...contentSender(), origin: undefined };
    expect(role(firefoxStyle)).toEqual({ role: 'content', tabId: 7, origin: 'https://shop.example' });
  });

  it.each([
    ['another extension', { ...contentSender(), id: 'someone-else' }, 'not this extension'],
    ['a subframe', contentSender('https://shop.example', 3), 'top frame'],
    ['a sender without a tab', { ...contentSender(), tab: undefined }, 'no tab'],
    ['a file page', { ...contentSender(), url: 'file:///x.html', origin: 'file://' }, 'http(s)'],
    ['an origin that disagrees with the URL', { ...contentSender(), origin: 'https://bank.example' }, 'disagree'],
    ['an extension subframe', { ...UI_SENDER, frameId: 2 }, 'top frame'],
  ])('refuses %s', (_, sender, reason) => {
    const result = role(sender);
    expect(result.role).toBe('refused');
    expect(result.role === 'refused' && result.reason).toContain(reason);
  });
});
