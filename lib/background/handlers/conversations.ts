import { viaPlatform } from '../errors';
import { platformToken } from '../platform-session';
import type { Handler } from '../router';
import { requireAccount } from '../account';

/**
 * Talking to the shop about one payment. The platform keeps the conversation and decides who may read
 * it (only this wallet and the payment's shop); the wallet reads it when the screen opens and keeps no
 * copy, so what it shows is what the shop sees.
 */
export const conversationLoad: Handler<'conversation.load'> = async (ctx, { paymentId }) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () =>
    ctx.platform(account.platformUrl).conversation(await platformToken(ctx, account), paymentId),
  );
};

export const conversationWrite: Handler<'conversation.write'> = async (ctx, { paymentId, text }) => {
  const account = await requireAccount(ctx);
  return viaPlatform(async () =>
    ctx.platform(account.platformUrl).writeToShop(await platformToken(ctx, account), paymentId, text),
  );
};
