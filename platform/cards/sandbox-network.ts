import { createHash } from 'node:crypto';
import { SANDBOX_CARDS, type SandboxBehaviour } from '../../protocol/sandbox-cards';
import { CardDeclined, CardNetworkTimeout, type CardNetwork } from './network';

/** What each sandbox number does; any other valid number is approved. */
const BEHAVIOUR = new Map<string, SandboxBehaviour>(SANDBOX_CARDS.map((card) => [card.number, card.behaviour]));

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
      const behaviour = BEHAVIOUR.get(number) ?? 'approve';
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
