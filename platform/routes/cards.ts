import { AddCardBodySchema, CardListSchema, TopUpBodySchema, TopUpResultSchema } from '../../protocol/api';
import { CardSchema } from '../../protocol/wallet';
import { addCard, removeCard, setDefaultCard } from '../cards/cards';
import { topUp } from '../wallets/top-ups';
import { DAY_MS } from '../../protocol/time';
import { rateLimit } from '../rate-limit';
import { requireFreshPin } from '../wallets/pin';
import { IdParamSchema, operation, router, walletSession } from './define';
import { cardNotFound } from '../refusals';
import { CARD_REFUSALS, CHARGE_REFUSALS, RATE_LIMITED, STEP_UP } from './refusals';

/** A wallet's cards: add one (tokenized by the network), and top up the balance from one. */
const app = router();

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/cards',
    summary:
      'Add a card (tokenized; the CVV is never stored); takes the PIN (or one this session proved in 5 minutes); at most 10 a day (429)',
    tag: 'Extension · Cards',
    auth: 'wallet',
    body: AddCardBodySchema,
    reply: CardSchema,
    status: 201,
    refusals: [...STEP_UP, ...CARD_REFUSALS, RATE_LIMITED],
  },
  async (c, { body }) => {
    const p = c.var.platform;
    // Card testing: a stolen session must not run the network through card numbers.
    await rateLimit(p.db, `cards:${c.var.walletId}`, p.config.rateLimits.cardsPerDay, p.now(), DAY_MS);
    const session = walletSession(c);
    await requireFreshPin(p.db, session, body.pin, p.now(), 'Adding a card');
    const { pin: _pin, ...card } = body;
    return c.json(await addCard(p, c.var.walletId, card), 201);
  },
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/cards/{id}/default',
    summary: 'Make a card the default for payments and top-ups',
    tag: 'Extension · Cards',
    auth: 'wallet',
    params: IdParamSchema,
    reply: CardListSchema,
    refusals: [cardNotFound('id')],
  },
  async (c, { params }) => c.json(await setDefaultCard(c.var.platform, c.var.walletId, params.id)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/cards/{id}',
    summary: 'Remove a card (past payments keep their record); the oldest card left becomes the default',
    tag: 'Extension · Cards',
    auth: 'wallet',
    params: IdParamSchema,
    reply: CardListSchema,
    refusals: [cardNotFound('id')],
  },
  async (c, { params }) => c.json(await removeCard(c.var.platform, c.var.walletId, params.id)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/topups',
    summary: 'Top up the balance from a card (Idempotency-Key required)',
    tag: 'Extension · Cards',
    auth: 'wallet',
    idempotent: true,
    body: TopUpBodySchema,
    reply: TopUpResultSchema,
    status: 201,
    refusals: CHARGE_REFUSALS,
  },
  async (c, { key, body }) => {
    const result = await topUp(c.var.platform, c.var.walletId, key, body);
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

export default app;
