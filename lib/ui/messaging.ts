import { browser } from 'wxt/browser';
import type { Envelope, MessageType, Reply, Request } from '../../protocol/messages';
import type { MessageError } from '../../protocol/messages';
import { t, type MessageKey } from './i18n';

/** A refusal from the background, carrying its typed error. */
export class MessageFailure extends Error {
  constructor(readonly error: MessageError) {
    super(error.message);
  }
}

/** Sends one message to the background and returns its reply, or throws its typed error. */
export async function send<T extends MessageType>(type: T, request: Request<T>): Promise<Reply<T>> {
  const envelope = (await browser.runtime.sendMessage({ type, ...request })) as Envelope<Reply<T>>;
  if (!envelope.ok) throw new MessageFailure(envelope.error);
  return envelope.data;
}

/** The refusals the wallet words in the reader's language; any other keeps the refuser's own words. */
const WORDED = {
  platform_unreachable: 'error_platform_unreachable',
  try_again: 'error_try_again',
  card_declined: 'error_card_declined',
  card_insufficient_funds: 'error_card_insufficient_funds',
  card_network_timeout: 'error_card_network_timeout',
  insufficient_balance: 'error_insufficient_balance',
  tag_expired: 'error_tag_expired',
  tag_reused: 'error_tag_reused',
  order_already_paid: 'error_order_already_paid',
  origin_unverified: 'error_origin_unverified',
  pin_locked: 'error_pin_locked',
  pin_incorrect: 'error_pin_incorrect',
  pin_required: 'error_pin_required',
  wallet_locked: 'error_wallet_locked',
  recovery_code_incorrect: 'error_recovery_code_incorrect',
  recovery_code_unknown: 'error_recovery_code_unknown',
  link_code_invalid: 'error_link_code_invalid',
} as const satisfies Record<string, MessageKey>;
type Worded = keyof typeof WORDED;
const isWorded = (code: string | undefined): code is Worded => code !== undefined && Object.hasOwn(WORDED, code);

/** The platform wants the PIN for this step (a step-up, or a payment past a limit): the page then asks for it. */
export const asksForPin = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.reason === 'pin_required';

export const isLocked = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.code === 'wallet_locked';

export const isUnreachable = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.code === 'platform_unreachable';

/**
 * What to tell the user about a failed step, and whether trying again may help. The one translator of
 * refusals for every extension page: the specific reason first (`card_declined`), then the code.
 */
export function describeFailure(failure: unknown): { text: string; retry: boolean } {
  if (!(failure instanceof MessageFailure))
    return { text: failure instanceof Error ? failure.message : String(failure), retry: false };
  const { code, reason, message } = failure.error;
  const worded = isWorded(reason) ? reason : isWorded(code) ? code : undefined;
  if (!worded) return { text: message, retry: false };
  // The platform's words carry how many tries are left.
  const text =
    worded === 'pin_incorrect' || worded === 'recovery_code_incorrect'
      ? `${t(WORDED[worded])} ${message}`
      : t(WORDED[worded]);
  return { text, retry: worded === 'platform_unreachable' };
}

export const failureText = (failure: unknown): string => describeFailure(failure).text;
