import type { z } from 'zod';
import type { MerchantMessageBodySchema } from '../../protocol/api';
import type { InboxMessage } from '../../protocol/wallet';
import type { Platform } from '../context';
import type { DB } from '../db/connect';
import { newId } from '../ids';
import { verifiedOrigins } from '../merchants/origins';
import { merchantNotFound, messageLinkRefused } from '../refusals';
import { rateLimit } from '../rate-limit';

const MESSAGES_PER_HOUR = 10;

export async function subscribe(db: DB, walletId: string, merchantId: string) {
  const merchant = await db.selectFrom('merchants').select('id').where('id', '=', merchantId).executeTakeFirst();
  if (!merchant) throw merchantNotFound();
  await db
    .insertInto('subscriptions')
    .values({ wallet_id: walletId, merchant_id: merchantId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return subscriptions(db, walletId);
}

export async function unsubscribe(db: DB, walletId: string, merchantId: string) {
  await db
    .deleteFrom('subscriptions')
    .where('wallet_id', '=', walletId)
    .where('merchant_id', '=', merchantId)
    .execute();
  return subscriptions(db, walletId);
}

export async function subscriptions(db: DB, walletId: string) {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('merchants', 'merchants.id', 'subscriptions.merchant_id')
    .select(['subscriptions.merchant_id', 'merchants.name', 'subscriptions.since'])
    .where('subscriptions.wallet_id', '=', walletId)
    .orderBy('merchants.name')
    .execute();
  return {
    items: rows.map((r) => ({ merchantId: r.merchant_id, merchantName: r.name, since: r.since.toISOString() })),
  };
}

/** A merchant's news: plain text, a link only to its own site, a few a day. Subscribers see it; nobody else. */
async function subscriberCount(db: DB, merchantId: string): Promise<number> {
  const { n } = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function postMessage(p: Platform, merchantId: string, body: z.infer<typeof MerchantMessageBodySchema>) {
  const origins = await verifiedOrigins(p.db, merchantId);
  if (body.link && !origins.includes(new URL(body.link).origin)) throw messageLinkRefused(origins);
  await rateLimit(p.db, `messages:${merchantId}`, MESSAGES_PER_HOUR, p.now());
  const id = newId('msg');
  const row = await p.db
    .insertInto('merchant_messages')
    .values({ id, merchant_id: merchantId, text: body.text, link: body.link ?? null })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return { id, createdAt: row.created_at.toISOString(), subscribers: await subscriberCount(p.db, merchantId) };
}

/** What a merchant has sent, newest first, and how many wallets listen now. */
export async function sentMessages(db: DB, merchantId: string) {
  const [rows, subscribers] = await Promise.all([
    db
      .selectFrom('merchant_messages')
      .select(['id', 'text', 'link', 'created_at'])
      .where('merchant_id', '=', merchantId)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute(),
    subscriberCount(db, merchantId),
  ]);
  return {
    subscribers,
    items: rows.map((r) => ({ id: r.id, text: r.text, link: r.link, createdAt: r.created_at.toISOString() })),
  };
}

/** The wallet's inbox: messages from shops it subscribes to, sent since it subscribed, newest first. */
export async function inbox(db: DB, walletId: string): Promise<{ items: InboxMessage[] }> {
  const rows = await db
    .selectFrom('merchant_messages')
    .innerJoin('subscriptions', (join) =>
      join
        .onRef('subscriptions.merchant_id', '=', 'merchant_messages.merchant_id')
        .on('subscriptions.wallet_id', '=', walletId),
    )
    .innerJoin('merchants', 'merchants.id', 'merchant_messages.merchant_id')
    .select([
      'merchant_messages.id',
      'merchant_messages.merchant_id',
      'merchants.name',
      'merchant_messages.text',
      'merchant_messages.link',
      'merchant_messages.created_at',
    ])
    .whereRef('merchant_messages.created_at', '>=', 'subscriptions.since')
    .orderBy('merchant_messages.created_at', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      merchantId: r.merchant_id,
      merchantName: r.name,
      text: r.text,
      ...(r.link && { link: r.link }),
      receivedAt: r.created_at.toISOString(),
      read: false,
    })),
  };
}
