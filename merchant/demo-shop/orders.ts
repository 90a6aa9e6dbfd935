import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Product } from './catalog';

export interface Order {
  id: string;
  productId: string;
  name: string;
  amount: number;
  status: 'awaiting_payment' | 'paid' | 'refunded';
  paymentId: string | null;
  /** Where posted goods go: the address the shopper shared with the payment (from the webhook, never the page). */
  shipTo?: string;
  /** Webhook event ids already applied: a redelivered event changes nothing. */
  events: string[];
  createdAt: string;
}

/** Orders in one JSON file in the shop's data folder, written whole and renamed into place. */
export class OrderBook {
  private readonly file: string;
  private readonly orders = new Map<string, Order>();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'orders.json');
    if (existsSync(this.file))
      for (const order of JSON.parse(readFileSync(this.file, 'utf8')) as Order[]) this.orders.set(order.id, order);
  }

  private save(): void {
    writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.orders.values()], null, 1));
    renameSync(`${this.file}.tmp`, this.file);
  }

  create(product: Product): Order {
    const order: Order = {
      id: `ord_${randomUUID().slice(0, 8)}`,
      productId: product.id,
      name: product.name,
      amount: product.price,
      status: 'awaiting_payment',
      paymentId: null,
      events: [],
      createdAt: new Date().toISOString(),
    };
    this.orders.set(order.id, order);
    this.save();
    return order;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Applies a verified webhook event once. */
  apply(eventId: string, orderId: string, change: Pick<Order, 'status' | 'paymentId' | 'shipTo'>): boolean {
    const order = this.orders.get(orderId);
    if (!order || order.events.includes(eventId)) return false;
    Object.assign(order, change, { events: [...order.events, eventId] });
    this.save();
    return true;
  }
}
