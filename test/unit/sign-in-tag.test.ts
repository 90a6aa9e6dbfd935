import { describe, expect, it } from 'vitest';
import { newSignInNonce, signInTagHtml } from '../../merchant/kit/src/index';
import { SignInRequestSchema } from '../../protocol/sign-in';

describe('the kit’s sign-in tag', () => {
  it('carries the merchant id and a fresh nonce the extension accepts', () => {
    const nonce = newSignInNonce();
    expect(nonce).not.toBe(newSignInNonce());
    const html = signInTagHtml({ merchantId: 'm_shop', nonce });
    const json = /^<script type="application\/pouch-sign-in\+json">(.*)<\/script>$/.exec(html)?.[1] ?? '';
    expect(SignInRequestSchema.parse(JSON.parse(json))).toEqual({ merchantId: 'm_shop', nonce });
  });

  it('refuses a nonce too short to be random, and cannot be made to close its script element', () => {
    expect(() => signInTagHtml({ merchantId: 'm_shop', nonce: 'abc' })).toThrow(/nonce/);
    const html = signInTagHtml({ merchantId: '</script><script>alert(1)', nonce: newSignInNonce() });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});
