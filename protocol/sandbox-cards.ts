/** What a sandbox test card does when added or charged. */
export type SandboxBehaviour = 'approve' | 'card_declined' | 'insufficient_funds' | 'timeout' | 'slow';

/**
 * The sandbox card network's test cards (platform/cards/sandbox-network.ts plays them); a sandbox build
 * of the wallet offers the approved ones in its card form. Any other number that passes the checks is
 * approved. CVV 000 is refused as incorrect_cvc, a past expiry as expired_card.
 */
export const SANDBOX_CARDS: readonly { number: string; behaviour: SandboxBehaviour }[] = [
  { number: '6200000000000005', behaviour: 'approve' },
  { number: '4242424242424242', behaviour: 'approve' },
  { number: '5555555555554444', behaviour: 'approve' },
  { number: '378282246310005', behaviour: 'approve' },
  { number: '3566002020360505', behaviour: 'approve' },
  /** Declined when added. */
  { number: '6200000000000013', behaviour: 'card_declined' },
  /** Declined for insufficient funds on every charge. */
  { number: '6200000000000021', behaviour: 'insufficient_funds' },
  /** The network times out on every charge. */
  { number: '6200000000000039', behaviour: 'timeout' },
  /** Approved after half the network timeout: long enough to stop a platform process mid-charge. */
  { number: '6200000000000047', behaviour: 'slow' },
];
