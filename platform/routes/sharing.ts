import {
  AddressBodySchema,
  ContactBodySchema,
  SharedDetailsSchema,
  ShareListSchema,
  SharingSchema,
} from '../../protocol/sharing';
import { addressLimitReached, addressNotFound, merchantPaymentNotFound } from '../refusals';
import { addAddress, removeAddress, setContact, sharingOf, updateAddress } from '../wallets/address-book';
import { revokeSharing, sharedWithShop, sharesOf } from '../wallets/shares';
import { IdParamSchema, MerchantParamSchema, operation, router } from './define';

/** The shopper's addresses and contact, what was shared with which shop, and what a shop was given. */
const app = router();
const WALLET_TAG = 'Extension · Addresses and contact';

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/sharing',
    summary: "The wallet's delivery addresses and contact email",
    tag: WALLET_TAG,
    auth: 'wallet',
    reply: SharingSchema,
  },
  async (c) => c.json(await sharingOf(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/addresses',
    summary: 'Keep a delivery address (at most 10)',
    tag: WALLET_TAG,
    auth: 'wallet',
    body: AddressBodySchema,
    reply: SharingSchema,
    status: 201,
    refusals: [addressLimitReached(10)],
  },
  async (c, { body }) => c.json(await addAddress(c.var.platform, c.var.walletId, body), 201),
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/addresses/{id}',
    summary: 'Change a delivery address (payments that shared it keep what they shared)',
    tag: WALLET_TAG,
    auth: 'wallet',
    params: IdParamSchema,
    body: AddressBodySchema,
    reply: SharingSchema,
    refusals: [addressNotFound()],
  },
  async (c, { params, body }) => c.json(await updateAddress(c.var.platform, c.var.walletId, params.id, body)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/addresses/{id}',
    summary: 'Forget a delivery address',
    tag: WALLET_TAG,
    auth: 'wallet',
    params: IdParamSchema,
    reply: SharingSchema,
    refusals: [addressNotFound()],
  },
  async (c, { params }) => c.json(await removeAddress(c.var.platform, c.var.walletId, params.id)),
);

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/contact',
    summary: 'Keep the contact email shops may be given',
    tag: WALLET_TAG,
    auth: 'wallet',
    body: ContactBodySchema,
    reply: SharingSchema,
  },
  async (c, { body }) => c.json(await setContact(c.var.platform, c.var.walletId, body.email)),
);

operation(
  app,
  {
    method: 'delete',
    path: '/v1/wallet/contact',
    summary: 'Forget the contact email',
    tag: WALLET_TAG,
    auth: 'wallet',
    reply: SharingSchema,
  },
  async (c) => c.json(await setContact(c.var.platform, c.var.walletId, null)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/wallet/shares',
    summary: 'Per shop: what the wallet shared with it, on how many payments, and whether it was revoked',
    tag: WALLET_TAG,
    auth: 'wallet',
    reply: ShareListSchema,
  },
  async (c) => c.json(await sharesOf(c.var.platform, c.var.walletId)),
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/shares/{merchantId}/revoke',
    summary: 'Stop a shop reading what it was given through Pouch (sharing again at a checkout resumes it)',
    tag: WALLET_TAG,
    auth: 'wallet',
    params: MerchantParamSchema,
    reply: ShareListSchema,
  },
  async (c, { params }) => c.json(await revokeSharing(c.var.platform, c.var.walletId, params.merchantId)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payments/{id}/shared',
    summary: 'What the shopper shared with this payment (delivery address, contact), unless revoked since',
    tag: 'Payments and refunds',
    auth: 'merchant',
    params: IdParamSchema,
    reply: SharedDetailsSchema,
    refusals: [merchantPaymentNotFound()],
  },
  async (c, { params }) => c.json(await sharedWithShop(c.var.platform, c.var.merchantId, params.id)),
);

export default app;
