import type { z } from 'zod';
import type { ShareChoiceSchema } from '../../../protocol/sharing';
import { SignInRequestSchema, type Consent, type SignInRefusal, type SignInResult } from '../../../protocol/sign-in';
import { PlatformError } from '../../platform-client';
import type { SignIn } from '../../sign-in/sign-in';
import type { BackgroundContext } from '../context';
import { partnerById } from '../directory';
import { viaPlatform, WalletError } from '../errors';
import { isUnlocked, platformToken, withPlatform } from '../platform-session';
import { messageIssues, type Caller, type Handler } from '../router';
import { requireAccount } from '../account';

const refused = (reason: SignInRefusal, message: string) =>
  new WalletError('sign_in_refused', message, undefined, reason);

/** Reads a page's sign-in tag and checks the page is one the partner registered. Nothing else is believed. */
async function verify(ctx: BackgroundContext, raw: string, caller: Caller) {
  if (caller.role !== 'content') throw new WalletError('forbidden_sender', 'Only a page may ask to sign in.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new WalletError(
      'sign_in_refused',
      'The sign-in tag is not JSON.',
      [{ field: 'request', expected: 'a JSON object with merchantId and nonce' }],
      'invalid_request',
    );
  }
  const parsed = SignInRequestSchema.safeParse(json);
  if (!parsed.success)
    throw new WalletError(
      'sign_in_refused',
      'The sign-in tag is not valid.',
      messageIssues(parsed.error),
      'invalid_request',
    );
  const partner = await partnerById(ctx, parsed.data.merchantId);
  if (!partner) throw refused('not_a_partner', 'This site is not a Pouch partner.');
  if (!partner.origins.some((origin) => new URL(origin).origin === caller.origin))
    throw refused('wrong_origin', `${partner.name} did not register ${caller.origin}.`);
  return { request: parsed.data, partner, tabId: caller.tabId, origin: caller.origin };
}

/** Asks the platform for an ID token and hands it to the page; the record says the sign-in is over. */
async function issue(
  ctx: BackgroundContext,
  signIn: SignIn,
  consent: boolean,
  share?: z.infer<typeof ShareChoiceSchema>,
): Promise<SignIn> {
  const account = await requireAccount(ctx);
  const { idToken } = await ctx.platform(account.platformUrl).signIn(await platformToken(ctx, account), {
    merchantId: signIn.merchantId,
    origin: signIn.origin,
    nonce: signIn.nonce,
    consent,
    ...(share && { share }),
  });
  return endSignIn(ctx, signIn, { type: 'sign-in.result', nonce: signIn.nonce, outcome: 'signed-in', idToken });
}

/** The one place a sign-in ends: its record says how, and its page hears it. */
async function endSignIn(ctx: BackgroundContext, signIn: SignIn, result: SignInResult): Promise<SignIn> {
  const ended = { ...signIn, state: result.outcome === 'signed-in' ? ('signed-in' as const) : ('failed' as const) };
  await ctx.signIns.put(ended);
  await ctx.tellTab(signIn.tabId, result).catch((error) => ctx.log('tab gone before its sign-in ended', error));
  return ended;
}

/** Ends a sign-in that did not happen, once, and tells its page why. */
export async function failSignIn(ctx: BackgroundContext, signIn: SignIn, reason: SignInRefusal): Promise<SignIn> {
  const current = (await ctx.signIns.get(signIn.id)) ?? signIn;
  if (current.state !== 'asking') return current;
  return endSignIn(ctx, current, { type: 'sign-in.result', nonce: signIn.nonce, outcome: 'failed', reason });
}

/** The consent window's view; while asking for details, what the wallet holds to choose from (unlocked). */
async function consentOf(ctx: BackgroundContext, signIn: SignIn): Promise<Consent> {
  const scope = signIn.scope ?? [];
  const account = await requireAccount(ctx);
  const asking = scope.length > 0 && signIn.state === 'asking' && (await isUnlocked(ctx, account));
  return {
    signInId: signIn.id,
    merchantId: signIn.merchantId,
    merchantName: signIn.merchantName,
    origin: signIn.origin,
    state: signIn.state,
    scope,
    sharing: asking
      ? await viaPlatform(async () => ctx.platform(account.platformUrl).sharing(await platformToken(ctx, account)))
      : null,
  };
}

/** A page carries a sign-in tag: add the sign-in button's script to it, on a partner's own origin only. */
export const signInButton: Handler<'sign-in.button'> = async (ctx, _request, caller) => {
  if (caller.role !== 'content') throw new WalletError('forbidden_sender', 'Only a page may ask to sign in.');
  const partners = await (await ctx.db()).getAll('directory');
  const ownOrigin = (origin: string) => new URL(origin).origin === caller.origin;
  if (!partners.some((partner) => partner.origins.some(ownOrigin)))
    throw refused('not_a_partner', 'This site is not a Pouch partner.');
  await ctx.pageScripts.loadSignInButton(caller.tabId, caller.documentId);
  return { loaded: true };
};

/** A page carries a sign-in tag: say whether to offer the button, and under which partner's name. */
export const signInTag: Handler<'sign-in.tag'> = async (ctx, { request }, caller) => {
  const verified = await verify(ctx, request, caller);
  return { merchantName: verified.partner.name, nonce: verified.request.nonce };
};

/**
 * The user clicked "Sign in with Pouch" on the page. A site the wallet is connected to gets its token at
 * once; any other asks the user in an extension window, which the page can neither see nor click.
 */
export const signInStart: Handler<'sign-in.start'> = async (ctx, { request: raw }, caller) => {
  const { request, partner, tabId, origin } = await verify(ctx, raw, caller);
  await requireAccount(ctx);
  const signIn: SignIn = {
    id: ctx.newId(),
    tabId,
    merchantId: request.merchantId,
    merchantName: partner.name,
    origin,
    nonce: request.nonce,
    ...(request.scope && { scope: request.scope }),
    state: 'asking',
    windowId: null,
    createdAt: ctx.now().toISOString(),
  };
  await ctx.signIns.put(signIn);
  // A page asking for details always asks the user: a connected site gets none without the window.
  if (!signIn.scope) {
    try {
      await issue(ctx, signIn, false);
      return { signInId: signIn.id };
    } catch (error) {
      // A site that needs consent, or a locked wallet: the window asks (and unlocks with the PIN).
      if (!(error instanceof PlatformError && error.code === 'consent_required') && !isLockedError(error)) {
        await failSignIn(ctx, signIn, platformRefusal(error));
        throw asRefusal(error);
      }
    }
  }
  const windowId = await ctx.openWindow(`/sign-in.html?id=${encodeURIComponent(signIn.id)}`);
  await ctx.signIns.put({ ...signIn, windowId });
  return { signInId: signIn.id };
};

const isLockedError = (error: unknown) => error instanceof WalletError && error.code === 'wallet_locked';

function platformRefusal(error: unknown): SignInRefusal {
  if (error instanceof PlatformError) return error.unreachable ? 'platform_unreachable' : 'platform_error';
  if (error instanceof WalletError && error.code === 'no_wallet') return 'no_wallet';
  return 'platform_error';
}

function asRefusal(error: unknown): unknown {
  if (!(error instanceof PlatformError)) return error;
  return new WalletError(
    error.unreachable ? 'platform_unreachable' : 'sign_in_refused',
    error.message,
    error.issues,
    platformRefusal(error),
  );
}

async function requireSignIn(ctx: BackgroundContext, signInId: string): Promise<SignIn> {
  const signIn = await ctx.signIns.get(signInId);
  if (!signIn) throw new WalletError('sign_in_not_found', 'This sign-in is no longer open: start again from the site.');
  return signIn;
}

export const signInLoad: Handler<'sign-in.load'> = async (ctx, { signInId }) =>
  consentOf(ctx, await requireSignIn(ctx, signInId));

/** The user agreed in the consent window. An unreachable platform leaves it open to try again. */
export const signInApprove: Handler<'sign-in.approve'> = async (ctx, { signInId, share }) => {
  const signIn = await requireSignIn(ctx, signInId);
  if (signIn.state !== 'asking') return consentOf(ctx, signIn);
  // Only what the page asked for: a choice beyond it is refused, and the sign-in stays open.
  const asked = new Set(signIn.scope ?? []);
  if (share && ((share.addressId && !asked.has('address')) || (share.contact && !asked.has('contact'))))
    throw new WalletError('invalid_request', 'The site did not ask for this.', [
      { field: 'share', expected: 'only what the site asked for' },
    ]);
  try {
    return consentOf(ctx, await issue(ctx, signIn, true, share));
  } catch (error) {
    // Unreachable or locked: the window stays open to try again (after the PIN unlocks the wallet).
    if (!(error instanceof PlatformError && error.unreachable) && !isLockedError(error))
      await failSignIn(ctx, signIn, platformRefusal(error));
    throw asRefusal(error);
  }
};

export const connectionsList: Handler<'connections.list'> = (ctx) =>
  withPlatform(ctx, (platform, token) => platform.connections(token));

/** Revoking a site: its next sign-in asks the user again. */
export const connectionsRevoke: Handler<'connections.revoke'> = (ctx, { merchantId }) =>
  withPlatform(ctx, (platform, token) => platform.revokeConnection(token, merchantId));
