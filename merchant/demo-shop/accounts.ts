import { randomBytes } from 'node:crypto';
import { newSignInNonce, verifyIdToken } from '../kit/src/index';
import { MINUTE_MS } from '../../protocol/time';

export interface Customer {
  /** Pouch's pairwise subject: stable for this shop, meaningless anywhere else. */
  subject: string;
  firstSignInAt: string;
  signIns: number;
  /** The email the shopper chose to share at sign-in (the page asked with `?share=contact`). */
  email?: string;
}

const TICKET_TTL_MS = 10 * MINUTE_MS;

/**
 * The shop's customers, known only by their Pouch subject: no sign-up form, no password, no email.
 * Sign-in tickets and sessions live in memory; a restart signs everyone out, as a demo may.
 */
export class AccountDesk {
  private readonly tickets = new Map<string, { nonce: string; expiresAt: number }>();
  private readonly sessions = new Map<string, string>();
  private readonly customers = new Map<string, Customer>();

  constructor(private readonly pouch: { platformUrl: string; merchantId: string }) {}

  /** A ticket (for the visitor's cookie) and the nonce its sign-in page carries. */
  startSignIn(): { ticket: string; nonce: string } {
    const ticket = randomBytes(18).toString('base64url');
    const nonce = newSignInNonce();
    this.tickets.set(ticket, { nonce, expiresAt: Date.now() + TICKET_TTL_MS });
    return { ticket, nonce };
  }

  /** Checks the ID token against the ticket's nonce, once, and opens a session for its subject. */
  async finishSignIn(ticket: string, idToken: string): Promise<{ session: string; customer: Customer }> {
    const pending = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!pending || pending.expiresAt < Date.now()) throw new Error('This sign-in page has expired: reload it.');
    const { subject, email } = await verifyIdToken(idToken, { ...this.pouch, nonce: pending.nonce });
    const known = this.customers.get(subject);
    const customer: Customer = {
      ...(known ?? { subject, firstSignInAt: new Date().toISOString(), signIns: 0 }),
      ...(email && { email }),
    };
    customer.signIns += 1;
    this.customers.set(subject, customer);
    const session = randomBytes(18).toString('base64url');
    this.sessions.set(session, subject);
    return { session, customer };
  }

  customerOf(session: string | undefined): Customer | undefined {
    const subject = session ? this.sessions.get(session) : undefined;
    return subject ? this.customers.get(subject) : undefined;
  }

  signOut(session: string | undefined): void {
    if (session) this.sessions.delete(session);
  }
}
