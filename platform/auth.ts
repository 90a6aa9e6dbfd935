import { createMiddleware } from 'hono/factory';
import type { Env } from './context';
import { sha256 } from './ids';
import { liveSession } from './wallets/sessions';
import { badApiKey, merchantUnauthenticated, sessionExpired, walletUnauthenticated } from './refusals';

function bearer(header: string | undefined): string | null {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/** A wallet's session token, from signing a challenge with its device key. */
export const walletAuth = createMiddleware<Env>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  if (!token) throw walletUnauthenticated();
  const session = await liveSession(c.var.platform.db, token, c.var.platform.now());
  if (!session) throw sessionExpired();
  c.set('walletId', session.walletId);
  c.set('deviceId', session.deviceId);
  c.set('sessionHash', session.tokenHash);
  await next();
});

/** A merchant's API key, shown once at sign-up and stored only as a hash. */
export const merchantAuth = createMiddleware<Env>(async (c, next) => {
  const key = bearer(c.req.header('authorization'));
  if (!key) throw merchantUnauthenticated();
  const hash = sha256(key);
  // The current key, or the previous one during its grace period after a rotation.
  const merchant = await c.var.platform.db
    .selectFrom('merchants')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('api_key_hash', '=', hash),
        eb.and([eb('previous_api_key_hash', '=', hash), eb('previous_api_key_until', '>', c.var.platform.now())]),
      ]),
    )
    .executeTakeFirst();
  if (!merchant) throw badApiKey();
  c.set('merchantId', merchant.id);
  await next();
});

/**
 * The client's address for rate limits: the socket's, unless the socket is a configured proxy; then the
 * rightmost X-Forwarded-For entry that is not one of the proxies (entries left of it are client-written).
 */
export function clientAddress(c: {
  req: { header(name: string): string | undefined };
  env?: unknown;
  var: { platform: { config: { trustedProxies: string[] } } };
}): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const socket = (incoming?.socket?.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.)/, '');
  const proxies = c.var.platform.config.trustedProxies;
  if (!proxies.includes(socket)) return socket;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops.reverse().find((hop) => !proxies.includes(hop)) ?? socket;
}
