import { createHash } from 'node:crypto';
import { CardDeclined, CardNetworkTimeout, type CardNetwork, type DeclineReason } from './network';

type Behaviour = 'approve' | DeclineReason | 'timeout' | 'slow';

/**
 * Sandbox test cards. Any other number that passes the checks is approved.
 * | number              | brand      | what happens                         |
 * | 6200000000000005    | UnionPay   | approved                             |
 * | 4242424242424242    | Visa       | approved                             |
 * | 5555555555554444    | Mastercard | approved                             |
 * | 378282246310005     | Amex       | approved                             |
 * | 3566002020360505    | JCB        | approved                             |
 * | 6200000000000013    | UnionPay   | declined (card_declined)             |
 * | 6200000000000021    | UnionPay   | declined (insufficient_funds) on charge |
 * | 6200000000000039    | UnionPay   | the network times out on charge      |
 * | 6200000000000047    | UnionPay   | approved after half the timeout      |
 * CVV 000 is refused as incorrect_cvc; a past expiry as expired_card.
 */
const SANDBOX_CARDS: Record<string, Behaviour> = {
  '6200000000000013': 'card_declined',
  '6200000000000021': 'insufficient_funds',
  '6200000000000039': 'timeout',
  '6200000000000047': 'slow',
};

/**
 * A deterministic card network that keeps no state: the behaviour travels inside the network
 * token, and a charge id is derived from its idempotency key, so every platform process agrees.
 */
export function sandboxCardNetwork(options: {
  timeoutMs?: number;
  now?: () => Date;
  /** A keyed hash of the card number (HMAC under a platform secret), never a bare hash a PAN could be guessed from. */
  fingerprint: (number: string) => string;
}): CardNetwork {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const now = options.now ?? (() => new Date());
  return {
    sandbox: true,
    async tokenize({ number, expMonth, expYear, cvc }) {
      const today = now();
      if (
        expYear < today.getUTCFullYear() ||
        (expYear === today.getUTCFullYear() && expMonth < today.getUTCMonth() + 1)
      ) {
        throw new CardDeclined('expired_card');
      }
      if (cvc === '000') throw new CardDeclined('incorrect_cvc');
      const behaviour = SANDBOX_CARDS[number] ?? 'approve';
      if (behaviour === 'card_declined') throw new CardDeclined('card_declined');
      const fingerprint = options.fingerprint(number).slice(0, 22);
      return { networkToken: `sbx.${behaviour}.${fingerprint}` };
    },
    async charge({ networkToken, idempotencyKey }) {
      const behaviour = networkToken.split('.')[1];
      if (behaviour === 'insufficient_funds') throw new CardDeclined('insufficient_funds');
      if (behaviour === 'timeout') {
        await new Promise((resolve) => setTimeout(resolve, timeoutMs));
        throw new CardNetworkTimeout();
      }
      // Slow, as a busy network is, but within its timeout: long enough (1.5 s by default) to stop a
      // platform process mid-charge.
      if (behaviour === 'slow') await new Promise((resolve) => setTimeout(resolve, timeoutMs / 2));
      return { chargeId: `ch_sbx_${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 20)}` };
    },
    async refund() {},
    async void() {},
  };
}
