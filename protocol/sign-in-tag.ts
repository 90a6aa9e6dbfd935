/**
 * "Sign in with Pouch": a partner page asks with
 * `<script type="application/pouch-sign-in+json">{"merchantId":"…","nonce":"…"}</script>`
 * where the button should appear. The nonce is the merchant server's own, fresh for every page.
 * Kept apart from the schemas so the content script can name the tag without bundling zod.
 */
export const SIGN_IN_TAG_TYPE = 'application/pouch-sign-in+json';
