import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Env, Platform } from '../../platform/context';
import { onError } from '../../platform/problem';
import { alreadyRefunded, orderPaid } from '../../platform/refusals';
import { operation, router } from '../../platform/routes/define';

/** One operation on its own, answering through the platform's error handler, with contract checks on or off. */
function serve(options: { contractChecks: boolean; refusals?: ReturnType<typeof orderPaid>[] }, answer: () => unknown) {
  const platform = { config: { contractChecks: options.contractChecks }, contractBreaches: [] as string[] };
  const api = router();
  operation(
    api,
    {
      method: 'post',
      path: '/v1/things',
      summary: 'A thing',
      tag: 'Test',
      body: z.object({ name: z.string().min(1, 'expected a name') }).strict(),
      reply: z.object({ id: z.string() }),
      refusals: options.refusals ?? [],
    },
    async (c, { body }) => c.json(answer() ?? { id: body.name }),
  );
  const app = new Hono<Env>();
  app.onError(onError);
  app.use('*', async (c, next) => {
    c.set('platform', platform as unknown as Platform);
    await next();
  });
  app.route('/', api);
  const post = (body: unknown) =>
    app.request('/v1/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    platform,
    post,
    document: () => api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }),
  };
}

describe('an operation declared once', () => {
  it('hands the handler its body only after the declared schema took it, and refuses the rest naming the field', async () => {
    const handled = vi.fn();
    const { post } = serve({ contractChecks: true }, handled);
    const refused = await post({ name: '' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'invalid_request',
      issues: [{ field: 'name', expected: 'expected a name' }],
    });
    expect(handled).not.toHaveBeenCalled();
    expect((await post({ name: 'tea' })).status).toBe(200);
    expect(handled).toHaveBeenCalledTimes(1);
  });

  it('documents the same schema it validates with', () => {
    const { document } = serve({ contractChecks: true }, () => undefined);
    const body = document().paths!['/v1/things']!.post!.requestBody as any;
    expect(body.content['application/json'].schema).toMatchObject({
      properties: { name: { type: 'string', minLength: 1 } },
      required: ['name'],
    });
  });

  it('records a refusal whose code the operation does not document, and not one it does', async () => {
    const undocumented = serve({ contractChecks: true }, () => {
      throw orderPaid();
    });
    expect((await undocumented.post({ name: 'tea' })).status).toBe(409);
    expect(undocumented.platform.contractBreaches).toEqual([
      'POST /v1/things refused with order_already_paid, which it does not document',
    ]);

    const documented = serve({ contractChecks: true, refusals: [orderPaid()] }, () => {
      throw orderPaid();
    });
    await documented.post({ name: 'tea' });
    expect(documented.platform.contractBreaches).toEqual([]);
  });

  it('records a success whose body its reply schema refuses, when contract checks are on', async () => {
    const checked = serve({ contractChecks: true }, () => ({ id: 42 }));
    expect((await checked.post({ name: 'tea' })).status).toBe(200);
    expect(checked.platform.contractBreaches).toEqual([
      expect.stringContaining('POST /v1/things answered a body its reply schema refuses'),
    ]);

    const unchecked = serve({ contractChecks: false }, () => {
      throw alreadyRefunded();
    });
    await unchecked.post({ name: 'tea' });
    expect(unchecked.platform.contractBreaches).toEqual([]);
  });
});
