import type { z } from 'zod';
import type { CheckoutTagPayload } from '../../protocol/checkout-tag';
import type { ShareChoiceSchema, ShareKind, SharedDetails } from '../../protocol/sharing';
import type { Platform } from '../context';
import type { SecretBox } from '../crypto/secret-box';
import { newId } from '../ids';
import { merchantPaymentNotFound, shareRefused } from '../refusals';
import { sharingOf } from './address-book';

/**
 * What a payment or a sign-in shares with a shop of the shopper's saved details (./address-book.ts):
 * only what the shop asked for, only what the shopper chose; each payment keeps its own sealed copy,
 * which the shop reads until the shopper revokes it.
 */

const sharedContext = (paymentId: string) => `payment-share:${paymentId}`;

/**
 * What a payment shares, checked against what its tag asked: each kind asked must be chosen (the shop
 * needs it to deliver), nothing unasked may be, and only the wallet's own saved details go.
 */
export async function sharedFor(
  p: Platform,
  walletId: string,
  asked: CheckoutTagPayload['share'],
  choice: z.infer<typeof ShareChoiceSchema> | undefined,
): Promise<SharedDetails | null> {
  const wants = new Set(asked ?? []);
  if (!wants.has('address') && choice?.addressId)
    throw shareRefused('share.addressId', 'no address: the shop did not ask for one');
  if (!wants.has('contact') && choice?.contact)
    throw shareRefused('share.contact', 'false: the shop did not ask for a contact');
  if (wants.size === 0) return null;
  if (wants.has('address') && !choice?.addressId)
    throw shareRefused('share.addressId', 'one of your addresses: the shop asks for a delivery address');
  if (wants.has('contact') && !choice?.contact)
    throw shareRefused('share.contact', 'true: the shop asks for a contact email');
  const sharing = await sharingOf(p, walletId);
  const shared: SharedDetails = {};
  if (choice?.addressId) {
    const address = sharing.addresses.find((a) => a.id === choice.addressId);
    if (!address) throw shareRefused('share.addressId', 'one of your saved addresses');
    const { id: _id, ...details } = address;
    shared.address = details;
  }
  if (choice?.contact) {
    if (!sharing.contact) throw shareRefused('share.contact', 'a contact email saved in your wallet first');
    shared.contact = sharing.contact;
  }
  return shared;
}

export const sealShared = (p: Platform, paymentId: string, shared: SharedDetails) =>
  p.box.seal(JSON.stringify(shared), sharedContext(paymentId));

export const openShared = async (box: SecretBox, paymentId: string, sealed: string): Promise<SharedDetails> =>
  JSON.parse(await box.open(sealed, sharedContext(paymentId))) as SharedDetails;

/**
 * What a shop is given of a payment's shared details, in its API and in the payment's webhook (read at
 * each sending, so the outbox keeps no copy): the sealed copy opened, or only when the shopper revoked it.
 */
export const servedToShop = async (
  box: SecretBox,
  payment: { id: string; sharedSealed: string | null; revokedAt: Date | null },
): Promise<SharedDetails> => {
  if (payment.revokedAt) return { revokedAt: new Date(payment.revokedAt).toISOString() };
  return payment.sharedSealed ? openShared(box, payment.id, payment.sharedSealed) : {};
};

interface ShopShares {
  merchantId: string;
  merchantName: string;
  kinds: Set<ShareKind>;
  payments: number;
  signIns: number;
  lastSharedAt: string;
}

/** What the wallet shared, payment by payment and sign-in by sign-in, newest first. */
async function sharedEvents(p: Platform, walletId: string) {
  const [payments, logins] = await Promise.all([
    p.db
      .selectFrom('payments')
      .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
      .select([
        'payments.id',
        'payments.merchant_id',
        'merchants.name',
        'payments.shared_sealed',
        'payments.created_at',
      ])
      .where('payments.wallet_id', '=', walletId)
      .where('payments.shared_sealed', 'is not', null)
      .orderBy('payments.created_at', 'desc')
      .limit(500)
      .execute(),
    p.db
      .selectFrom('login_shares')
      .innerJoin('merchants', 'merchants.id', 'login_shares.merchant_id')
      .select(['login_shares.merchant_id', 'merchants.name', 'login_shares.kinds', 'login_shares.created_at'])
      .where('login_shares.wallet_id', '=', walletId)
      .orderBy('login_shares.created_at', 'desc')
      .limit(500)
      .execute(),
  ]);
  const events = await Promise.all([
    ...payments.map(async (row) => {
      const shared = await openShared(p.box, row.id, row.shared_sealed!);
      const kinds: ShareKind[] = [
        ...(shared.address ? ['address' as const] : []),
        ...(shared.contact ? ['contact' as const] : []),
      ];
      return { merchantId: row.merchant_id, name: row.name, kinds, at: row.created_at, via: 'payment' as const };
    }),
    ...logins.map(async (row) => ({
      merchantId: row.merchant_id,
      name: row.name,
      kinds: row.kinds.split(',') as ShareKind[],
      at: row.created_at,
      via: 'signIn' as const,
    })),
  ]);
  events.sort((a, b) => b.at.getTime() - a.at.getTime());
  return events;
}

/** Per shop, what the shopper has shared with it (on payments and at sign-ins), newest first, and whether it was revoked. */
export async function sharesOf(p: Platform, walletId: string) {
  const [events, revocations] = await Promise.all([
    sharedEvents(p, walletId),
    p.db
      .selectFrom('share_revocations')
      .select(['merchant_id', 'revoked_at'])
      .where('wallet_id', '=', walletId)
      .execute(),
  ]);
  const revokedAt = new Map(revocations.map((r) => [r.merchant_id, r.revoked_at.toISOString()]));
  const shops = new Map<string, ShopShares>();
  for (const event of events) {
    const shop = shops.get(event.merchantId) ?? {
      merchantId: event.merchantId,
      merchantName: event.name,
      kinds: new Set<ShareKind>(),
      payments: 0,
      signIns: 0,
      lastSharedAt: event.at.toISOString(),
    };
    for (const kind of event.kinds) shop.kinds.add(kind);
    if (event.via === 'payment') shop.payments += 1;
    else shop.signIns += 1;
    shops.set(event.merchantId, shop);
  }
  const items = [...shops.values()].map((shop) => {
    const revoked = revokedAt.get(shop.merchantId);
    return { ...shop, kinds: [...shop.kinds].sort(), ...(revoked && { revokedAt: revoked }) };
  });
  return { items };
}

/** A sign-in put shared details in its ID token: remember what kinds, for the shopper's list. */
export async function recordLoginShare(p: Platform, walletId: string, merchantId: string, kinds: ShareKind[]) {
  await p.db
    .insertInto('login_shares')
    .values({
      id: newId('lsh'),
      wallet_id: walletId,
      merchant_id: merchantId,
      kinds: kinds.join(','),
      created_at: p.now(),
    })
    .execute();
  await resumeSharing(p, walletId, merchantId);
}

/** Stops a shop reading, through Pouch, what the shopper shared with it; a later sharing resumes it. */
export async function revokeSharing(p: Platform, walletId: string, merchantId: string) {
  await p.db
    .insertInto('share_revocations')
    .values({ wallet_id: walletId, merchant_id: merchantId, revoked_at: p.now() })
    .onConflict((oc) => oc.columns(['wallet_id', 'merchant_id']).doNothing())
    .execute();
  return sharesOf(p, walletId);
}

export async function resumeSharing(p: Platform, walletId: string, merchantId: string): Promise<void> {
  await p.db
    .deleteFrom('share_revocations')
    .where('wallet_id', '=', walletId)
    .where('merchant_id', '=', merchantId)
    .execute();
}

/** What the shop was given on one of its payments, unless the shopper revoked it since. */
export async function sharedWithShop(p: Platform, merchantId: string, paymentId: string): Promise<SharedDetails> {
  const row = await p.db
    .selectFrom('payments')
    .leftJoin('share_revocations', (join) =>
      join
        .onRef('share_revocations.merchant_id', '=', 'payments.merchant_id')
        .onRef('share_revocations.wallet_id', '=', 'payments.wallet_id'),
    )
    .select(['payments.shared_sealed', 'share_revocations.revoked_at'])
    .where('payments.id', '=', paymentId)
    .where('payments.merchant_id', '=', merchantId)
    .executeTakeFirst();
  if (!row) throw merchantPaymentNotFound();
  return servedToShop(p.box, { id: paymentId, sharedSealed: row.shared_sealed, revokedAt: row.revoked_at });
}
