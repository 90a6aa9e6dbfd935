import type { Selectable } from 'kysely';
import type { Conversation, OrderMessage } from '../../protocol/api';
import type { InboxMessage } from '../../protocol/wallet';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { OrderMessagesTable } from '../db/schema';
import { newId } from '../ids';
import { inbox } from '../loyalty/news';
import { rateLimit } from '../rate-limit';
import { conversationNotStarted, escrowPaymentNotFound, merchantPaymentNotFound } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';
import { paymentView, sidePayment, type PaymentSide } from './payment-view';

/**
 * A shopper and a shop talking about one order. The shopper starts (from the payment in the wallet);
 * the shop answers (console or API) and hears each of the shopper's lines by webhook. Each side reaches
 * a conversation only through one of its own payments, and neither learns anything of the other it
 * did not have: the shop sees the payment it already holds, the shopper the shop's name.
 */

/** Lines a wallet may write an hour, over all its shops; a shop's answers an hour. */
const SHOPPER_LINES_PER_HOUR = 20;
const SHOP_LINES_PER_HOUR = 300;
/** The newest lines a conversation shows, and the newest messages the wallet's inbox holds; older ones stay stored. */
const LINES_SHOWN = 200;
const INBOX_SIZE = 200;

/** The side's payment a conversation is about; one that is not theirs is not found, in the side's words. */
async function conversationPayment(db: DB | Tx, side: PaymentSide, paymentId: string) {
  const payment = await sidePayment(db, side, paymentId);
  if (payment) return payment;
  throw 'walletId' in side ? escrowPaymentNotFound() : merchantPaymentNotFound();
}

const line = (row: Pick<Selectable<OrderMessagesTable>, 'id' | 'author' | 'text' | 'created_at'>): OrderMessage => ({
  id: row.id,
  from: row.author,
  text: row.text,
  sentAt: row.created_at.toISOString(),
});

/** A payment's lines, oldest first: for a caller that has already found the payment is its own. */
export async function linesOf(db: DB | Tx, paymentId: string): Promise<OrderMessage[]> {
  const rows = await db
    .selectFrom('order_messages')
    .select(['id', 'author', 'text', 'created_at'])
    .where('payment_id', '=', paymentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LINES_SHOWN)
    .execute();
  return rows.reverse().map(line);
}

type ConversationPayment = Awaited<ReturnType<typeof conversationPayment>>;

/** A payment's conversation as both sides read it: the payment named by its order, and its lines. */
const conversationOf = (payment: ConversationPayment, items: OrderMessage[]): Conversation => ({
  paymentId: payment.id,
  orderId: payment.order_id,
  merchantName: payment.merchant_name,
  items,
});

/** The conversation about one of the side's payments; a payment that is not theirs is not found. */
export async function conversation(db: DB | Tx, side: PaymentSide, paymentId: string): Promise<Conversation> {
  const payment = await conversationPayment(db, side, paymentId);
  return conversationOf(payment, await linesOf(db, payment.id));
}

async function writeLine(
  tx: Tx,
  payment: { id: string; merchant_id: string },
  author: OrderMessage['from'],
  text: string,
) {
  const row = await tx
    .insertInto('order_messages')
    .values({ id: newId('oml'), payment_id: payment.id, merchant_id: payment.merchant_id, author, text })
    .returning(['id', 'author', 'text', 'created_at'])
    .executeTakeFirstOrThrow();
  return line(row);
}

/** The shopper writes to the shop about one of the wallet's payments; the shop hears it by webhook. */
export async function writeToShop(p: Platform, walletId: string, paymentId: string, text: string) {
  // Found first: a payment that is not the wallet's is refused without counting against its hour.
  const payment = await conversationPayment(p.db, { walletId }, paymentId);
  await rateLimit(p.db, `order-messages:${walletId}`, SHOPPER_LINES_PER_HOUR, p.now());
  const items = await p.db.transaction().execute(async (tx) => {
    const message = await writeLine(tx, payment, 'shopper', text);
    await enqueueEvent(tx, { id: payment.merchant_id, webhook_url: payment.webhook_url }, 'payment.message_received', {
      payment: paymentView(payment, payment.merchant_name),
      message,
    });
    return linesOf(tx, payment.id);
  });
  p.kickWebhooks();
  return conversationOf(payment, items);
}

/** The shop answers a shopper who wrote about one of its payments; it cannot start a conversation. */
export async function answerShopper(p: Platform, merchantId: string, paymentId: string, text: string) {
  const payment = await conversationPayment(p.db, { merchantId }, paymentId);
  await rateLimit(p.db, `order-answers:${merchantId}`, SHOP_LINES_PER_HOUR, p.now());
  const items = await p.db.transaction().execute(async (tx) => {
    const asked = await tx
      .selectFrom('order_messages')
      .select('id')
      .where('payment_id', '=', paymentId)
      .where('author', '=', 'shopper')
      .limit(1)
      .executeTakeFirst();
    if (!asked) throw conversationNotStarted();
    await writeLine(tx, payment, 'shop', text);
    return linesOf(tx, payment.id);
  });
  return conversationOf(payment, items);
}

/** The shop's conversations whose newest line is the shopper's: who is waiting for an answer, oldest wait first. */
export async function awaitingAnswer(db: DB, merchantId: string, limit = 20) {
  const newest = db
    .selectFrom('order_messages')
    .distinctOn('payment_id')
    .select(['payment_id', 'author', 'text', 'created_at'])
    .where('merchant_id', '=', merchantId)
    .orderBy('payment_id')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .as('newest');
  const rows = await db
    .selectFrom(newest)
    .innerJoin('payments', 'payments.id', 'newest.payment_id')
    .select(['newest.payment_id', 'payments.order_id', 'newest.text', 'newest.created_at'])
    .where('newest.author', '=', 'shopper')
    .orderBy('newest.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ paymentId: r.payment_id, orderId: r.order_id, text: r.text, sentAt: r.created_at }));
}

/** The wallet's messages: news from the shops it listens to and the shops' answers to it, newest first. */
export async function walletMessages(db: DB, walletId: string): Promise<{ items: InboxMessage[] }> {
  const [news, answers] = await Promise.all([inbox(db, walletId), answersToWallet(db, walletId)]);
  const items = [...news.items, ...answers].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return { items: items.slice(0, INBOX_SIZE) };
}

/** The shops' answers to the wallet, newest first, as lines of its messages. */
async function answersToWallet(db: DB, walletId: string): Promise<InboxMessage[]> {
  const rows = await db
    .selectFrom('order_messages')
    .innerJoin('payments', 'payments.id', 'order_messages.payment_id')
    .innerJoin('merchants', 'merchants.id', 'payments.merchant_id')
    .select([
      'order_messages.id',
      'order_messages.text',
      'order_messages.created_at',
      'payments.id as payment_id',
      'payments.order_id',
      'merchants.id as merchant_id',
      'merchants.name',
    ])
    .where('payments.wallet_id', '=', walletId)
    .where('order_messages.author', '=', 'shop')
    .orderBy('order_messages.created_at', 'desc')
    .limit(INBOX_SIZE)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    merchantId: r.merchant_id,
    merchantName: r.name,
    text: r.text,
    about: { paymentId: r.payment_id, orderId: r.order_id },
    receivedAt: r.created_at.toISOString(),
    read: false,
  }));
}
