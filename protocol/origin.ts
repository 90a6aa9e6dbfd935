import { z } from 'zod';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * A web origin as a shop registers it and a checkout tag names it: scheme, host and port, nothing
 * else, https unless it is this machine. The one origin rule of the platform, the extension and the kit.
 */
export const OriginSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) origin' }).refine((value) => {
  // zod runs this even when the URL check failed: that check has already said what is wrong.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.origin === value && (url.protocol === 'https:' || LOOPBACK_HOSTS.includes(url.hostname));
}, 'expected an origin such as "https://shop.example" (scheme, host, port; no path), https unless it is this machine (localhost, 127.0.0.1, [::1])');

/** Where a merchant serves the proof that it controls an origin, like Apple Pay's domain association file. */
export const ORIGIN_VERIFICATION_PATH = '/.well-known/pouch-merchant.json';

/** The body of that file: the merchant's id and the token the platform gave it for this origin. */
export const OriginVerificationFileSchema = z
  .object({ merchantId: z.string().min(1).max(128), token: z.string().min(16).max(128) })
  .strict();
