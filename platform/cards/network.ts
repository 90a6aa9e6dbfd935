/** The card network the platform charges cards through. The sandbox implements it; a real acquirer would too. */
export interface CardNetwork {
  readonly sandbox: boolean;
  /** Checks the card with its CVV (used here once, never stored) and returns the network's token for it. */
  tokenize(card: { number: string; expMonth: number; expYear: number; cvc: string }): Promise<{ networkToken: string }>;
  /** Charges a tokenized card. The same idempotency key never charges twice. */
  charge(request: {
    networkToken: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<{ chargeId: string }>;
  /** Gives back all or part of a charge. */
  refund(request: { chargeId: string; amount: number; idempotencyKey: string }): Promise<void>;
  /** Cancels a charge whose outcome the platform could not record. */
  void(request: { idempotencyKey: string }): Promise<void>;
}

export type DeclineReason = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'incorrect_cvc';

export class CardDeclined extends Error {
  constructor(readonly reason: DeclineReason) {
    super(`The card was declined: ${reason.replace(/_/g, ' ')}.`);
  }
}

export class CardNetworkTimeout extends Error {
  constructor() {
    super('The card network did not answer in time; the card was not charged.');
  }
}
