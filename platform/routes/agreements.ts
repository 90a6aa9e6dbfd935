import { z } from 'zod';
import {
  AcceptAgreementBodySchema,
  AgreementChargeBodySchema,
  AgreementChargeResultSchema,
  AgreementListSchema,
  AgreementPageSchema,
  AGREEMENT_STATES,
  AgreementViewSchema,
} from '../../protocol/api';
import {
  acceptAgreement,
  agreementView,
  cancelAgreement,
  shopAgreements,
  sideAgreement,
  walletAgreements,
} from '../agreements/agreements';
import { chargeAgreement } from '../agreements/charges';
import * as refuse from '../refusals';
import { IdParamSchema, operation, PageQuerySchema, router } from './define';
import { CHARGE_REFUSALS, PIN_CHECK, TAG_REFUSED } from './refusals';

/** Password-free agreements: the shopper accepts and cancels; the shop reads, charges and cancels. */
const app = router();
const WALLET_TAG = 'Extension · Password-free agreements';
const SHOP_TAG = 'Password-free agreements';

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/agreements',
    summary: 'Accept the password-free agreement a tag offers (mode "agreement"), with the PIN',
    tag: WALLET_TAG,
    auth: 'wallet',
    body: AcceptAgreementBodySchema,
    reply: AgreementViewSchema,
    status: 201,
    refusals: [
      ...TAG_REFUSED,
      refuse.tagModeRefused('"agreement"'),
      refuse.tagReused(),
      ...PIN_CHECK,
      refuse.cardNotFound('funding.cardToken'),
    ],
  },
  async (c, { body }) => {
    const result = await acceptAgreement(c.var.platform, c.var.walletId, body);
    return c.json(result.agreement, result.status);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/agreements',
    summary: "The wallet's agreements, newest first",
    tag: WALLET_TAG,
    auth: 'wallet',
    reply: AgreementListSchema,
  },
  async (c) => c.json(await walletAgreements(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/agreements/{id}/cancel',
    summary: 'Cancel an agreement at once: no charge is taken under it after this',
    tag: WALLET_TAG,
    auth: 'wallet',
    params: IdParamSchema,
    reply: AgreementViewSchema,
    refusals: [refuse.agreementNotFound()],
  },
  async (c, { params }) => c.json(await cancelAgreement(c.var.platform, { walletId: c.var.walletId }, params.id)),
);

const AgreementQuerySchema = PageQuerySchema.extend({
  state: z.enum(AGREEMENT_STATES, { error: 'expected active, cancelled or ended' }).optional(),
});

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/agreements',
    summary: "The shop's agreements, newest first; `state` keeps only active, cancelled or ended ones",
    tag: SHOP_TAG,
    auth: 'merchant',
    query: AgreementQuerySchema,
    reply: AgreementPageSchema,
  },
  async (c, { query }) => c.json(await shopAgreements(c.var.platform, c.var.merchantId, query)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/agreements/{id}',
    summary: 'Get one agreement: its cap, period, state and what this period has charged',
    tag: SHOP_TAG,
    auth: 'merchant',
    params: IdParamSchema,
    reply: AgreementViewSchema,
    refusals: [refuse.agreementNotFound()],
  },
  async (c, { params }) => {
    const p = c.var.platform;
    return c.json(
      await agreementView(p.db, await sideAgreement(p.db, { merchantId: c.var.merchantId }, params.id), p.now()),
    );
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/agreements/{id}/charges',
    summary:
      'Charge the shopper under an agreement (their balance or chosen card), within its cap (Idempotency-Key required)',
    tag: SHOP_TAG,
    auth: 'merchant',
    params: IdParamSchema,
    idempotent: true,
    body: AgreementChargeBodySchema,
    reply: AgreementChargeResultSchema,
    status: 201,
    refusals: [
      refuse.agreementNotFound(),
      refuse.agreementCancelled(),
      refuse.agreementEnded(),
      refuse.agreementCapExceeded(300),
      refuse.orderPaid(),
      new refuse.InsufficientFunds('wallet'),
      refuse.agreementCardRemoved(),
      ...CHARGE_REFUSALS.filter((refusal) => refusal.code !== 'card_not_found'),
    ],
  },
  async (c, { params, key, body }) => {
    const result = await chargeAgreement(c.var.platform, c.var.merchantId, params.id, key, body);
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/merchant/agreements/{id}/cancel',
    summary: 'End an agreement (the membership stopped): no charge is taken under it after this',
    tag: SHOP_TAG,
    auth: 'merchant',
    params: IdParamSchema,
    reply: AgreementViewSchema,
    refusals: [refuse.agreementNotFound()],
  },
  async (c, { params }) => c.json(await cancelAgreement(c.var.platform, { merchantId: c.var.merchantId }, params.id)),
);

export default app;
