import { browser } from 'wxt/browser';
import type { Envelope, MessageError, MessageType, Reply, Request } from '../../protocol/messages';

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

/** What to tell the user about a failed step: the refusal's own words. */
export const failureText = (failure: unknown): string => (failure instanceof Error ? failure.message : String(failure));
