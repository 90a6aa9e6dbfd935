import { DirectorySchema, OpenIdConfigurationSchema } from '../../protocol/api';
import { publicJwks } from '../crypto/signing-keys';
import { sha256 } from '../ids';
import { directory } from '../merchants/merchants';
import { operation, router } from './define';
import { z } from 'zod';

const app = router();

app.get('/healthz', async (c) => {
  await c.var.platform.db.selectFrom('wallets').select('id').limit(1).execute();
  return c.json({ ok: true });
});

operation(
  app,
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: "The platform's public keys for receipts",
    tag: "Checking Pouch's signatures",
    reply: z.object({ keys: z.array(z.record(z.string(), z.string())) }),
  },
  async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await publicJwks(c.var.platform.db));
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/.well-known/openid-configuration',
    summary: 'OpenID Connect discovery for "Sign in with Pouch" ID tokens: the issuer, its keys, what it signs',
    tag: "Checking Pouch's signatures",
    reply: OpenIdConfigurationSchema,
  },
  (c) => {
    const issuer = c.var.platform.config.publicUrl;
    c.header('cache-control', 'public, max-age=300');
    // No authorization endpoint: the shopper consents in the wallet, and the page hears the ID token.
    return c.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: ['openid'],
      claims_supported: ['iss', 'aud', 'sub', 'nonce', 'iat', 'exp', 'auth_time', 'email', 'address'],
    });
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/directory',
    summary: 'The partner directory the extension caches (ETag)',
    tag: 'Extension · Platform',
    reply: DirectorySchema,
  },
  async (c) => {
    const body = await directory(c.var.platform.replica);
    const etag = `"${sha256(JSON.stringify(body)).slice(0, 32)}"`;
    c.header('etag', etag);
    c.header('cache-control', 'public, max-age=60');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.json(body);
  },
);

export default app;
