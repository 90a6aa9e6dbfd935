import { browser } from 'wxt/browser';
import type { Envelope, MessageType, Reply, Request } from '../../protocol/messages';
import type { MessageError } from '../../protocol/messages';
import type { MessageKey } from './i18n';
import { fieldWords, formField, refusalWords, type FormField, type Refusal } from './refusal-words';

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

/** The platform wants the PIN for this step (a step-up, or a payment past a limit): the page then asks for it. */
export const asksForPin = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.reason === 'pin_required';

export const isLocked = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.code === 'wallet_locked';

export const isUnreachable = (failure: unknown): boolean =>
  failure instanceof MessageFailure && failure.error.code === 'platform_unreachable';

/** What to tell a person about a failed step: the words, whether trying again may help, and the field it concerns. */
export interface Described {
  text: string;
  retry: boolean;
  field?: FormField;
}

/** A code this version of the wallet has words for (a newer platform may send one it does not). */
const isRefusal = (code: string | undefined): code is Refusal =>
  code !== undefined && /^[a-z_]+$/.test(code) && browser.i18n.getMessage(`error_${code}` as MessageKey) !== '';

/**
 * The one translator of refusals for every extension page: the platform's specific reason first
 * (`card_declined`), then the wallet's code, always in the reader's language (refusal-words.ts). A
 * refusal of a field a person fills in says what that field takes, and names the field so the page can
 * show the words beside it. A failure that is not a refusal (a bug) is said as "something went wrong".
 */
export function describeFailure(failure: unknown): Described {
  if (!(failure instanceof MessageFailure)) return { text: refusalWords('internal'), retry: false };
  const { code, reason, facts, issues } = failure.error;
  const refusal = isRefusal(reason) ? reason : code;
  const field = formField(issues?.[0]?.field);
  const text = refusal === 'invalid_request' && field ? fieldWords(field) : refusalWords(refusal, facts);
  return { text, retry: refusal === 'platform_unreachable' || refusal === 'try_again', ...(field && { field }) };
}

export const failureText = (failure: unknown): string => describeFailure(failure).text;
