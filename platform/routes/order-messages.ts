import { ConversationSchema, OrderMessageBodySchema } from '../../protocol/api';
import { answerShopper, conversation, writeToShop } from '../payments/order-messages';
import { conversationNotStarted, escrowPaymentNotFound, merchantPaymentNotFound } from '../refusals';
import { IdParamSchema, operation, router } from './define';
import { RATE_LIMITED } from './refusals';

/** Talking to the shop about an order: the shopper writes from the wallet, the shop reads and answers. */
const app = router();

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/payments/{id}/messages',
    summary: "The conversation with the shop about one of the wallet's payments",
    tag: 'Extension · Talking to the shop',
    auth: 'wallet',
    params: IdParamSchema,
    reply: ConversationSchema,
    refusals: [escrowPaymentNotFound()],
  },
  async (c, { params }) => c.json(await conversation(c.var.platform.db, { walletId: c.var.walletId }, params.id)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/payments/{id}/messages',
    summary: 'Write to the shop about the order (plain text, 20 lines an hour)',
    tag: 'Extension · Talking to the shop',
    auth: 'wallet',
    params: IdParamSchema,
    body: OrderMessageBodySchema,
    reply: ConversationSchema,
    status: 201,
    refusals: [escrowPaymentNotFound(), RATE_LIMITED],
  },
  async (c, { params, body }) => c.json(await writeToShop(c.var.platform, c.var.walletId, params.id, body.text), 201),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments/{id}/messages',
    summary: 'What the shopper wrote about a payment, and your answers',
    tag: 'Talking to shoppers',
    auth: 'merchant',
    params: IdParamSchema,
    reply: ConversationSchema,
    refusals: [merchantPaymentNotFound()],
  },
  async (c, { params }) => c.json(await conversation(c.var.platform.db, { merchantId: c.var.merchantId }, params.id)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/payments/{id}/messages',
    summary: 'Answer the shopper who wrote about a payment (plain text, 300 lines an hour)',
    tag: 'Talking to shoppers',
    auth: 'merchant',
    params: IdParamSchema,
    body: OrderMessageBodySchema,
    reply: ConversationSchema,
    status: 201,
    refusals: [merchantPaymentNotFound(), conversationNotStarted(), RATE_LIMITED],
  },
  async (c, { params, body }) =>
    c.json(await answerShopper(c.var.platform, c.var.merchantId, params.id, body.text), 201),
);

export default app;
