import { withPlatform } from '../platform-session';
import type { Handler } from '../router';

/**
 * Talking to the shop about one payment. The platform keeps the conversation and decides who may read
 * it (only this wallet and the payment's shop); the wallet reads it when the screen opens and keeps no
 * copy, so what it shows is what the shop sees.
 */
export const conversationLoad: Handler<'conversation.load'> = (ctx, { paymentId }) =>
  withPlatform(ctx, (platform, token) => platform.conversation(token, paymentId));

export const conversationWrite: Handler<'conversation.write'> = (ctx, { paymentId, text }) =>
  withPlatform(ctx, (platform, token) => platform.writeToShop(token, paymentId, text));
