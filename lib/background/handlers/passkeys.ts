import { requireAccount } from '../account';
import type { BackgroundContext } from '../context';
import { viaPlatform, WalletError } from '../errors';
import { unlockWithPasskey, withPlatform } from '../platform-session';
import type { Handler } from '../router';
import { resumeAfterUnlock } from './wallet-lock';

/**
 * Passkeys that unlock the wallet in place of the PIN. The extension page talks to the authenticator
 * (WebAuthn needs a page); the background asks the platform, keeps which passkey this browser made (to
 * offer it at unlock), and signs the unlock's challenge with the device key as for the PIN.
 */
const THIS_BROWSER = 'passkeyId';

async function thisBrowsers(ctx: BackgroundContext): Promise<string | null> {
  return (await (await ctx.db()).get('meta', THIS_BROWSER))?.value ?? null;
}

export const passkeyOptions: Handler<'passkey.options'> = (ctx, { pin }) =>
  withPlatform(ctx, (platform, token) => platform.passkeyOptions(token, pin));

export const passkeyRegister: Handler<'passkey.register'> = async (ctx, { response }) => {
  const list = await withPlatform(ctx, (platform, token) =>
    platform.addPasskey(token, { name: ctx.deviceName, response }),
  );
  await (await ctx.db()).put('meta', { key: THIS_BROWSER, value: response.id });
  return { ...list, thisBrowser: response.id };
};

export const walletUnlockMethods: Handler<'wallet.unlockMethods'> = async (ctx) => ({
  passkey: (await thisBrowsers(ctx)) !== null,
});

export const passkeyList: Handler<'passkey.list'> = async (ctx) => {
  const list = await withPlatform(ctx, (platform, token) => platform.passkeys(token));
  return { ...list, thisBrowser: await thisBrowsers(ctx) };
};

export const passkeyRemove: Handler<'passkey.remove'> = async (ctx, { passkeyId }) => {
  const list = await withPlatform(ctx, (platform, token) => platform.removePasskey(token, passkeyId));
  if ((await thisBrowsers(ctx)) === passkeyId) await (await ctx.db()).delete('meta', THIS_BROWSER);
  return { ...list, thisBrowser: await thisBrowsers(ctx) };
};

export const walletPasskeyChallenge: Handler<'wallet.passkeyChallenge'> = async (ctx) => {
  const account = await requireAccount(ctx);
  const passkeyId = await thisBrowsers(ctx);
  if (!passkeyId) return null;
  const { challenge } = await viaPlatform(() => ctx.platform(account.platformUrl).challenge(account.walletId));
  return { challenge, passkeyId };
};

export const walletUnlockWithPasskey: Handler<'wallet.unlockWithPasskey'> = async (ctx, { challenge, passkey }) => {
  const account = await requireAccount(ctx);
  if (passkey.id !== (await thisBrowsers(ctx)))
    throw new WalletError('invalid_request', 'This passkey was not added from this browser.');
  const session = await viaPlatform(() => unlockWithPasskey(ctx, account, challenge, passkey));
  return resumeAfterUnlock(ctx, session);
};
