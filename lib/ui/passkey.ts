import { base64url } from '../../protocol/base64url';
import type { Reply } from '../../protocol/messages';
import { send } from './messaging';

/**
 * The page's side of passkeys: WebAuthn runs in an extension page (the popup), never in the worker.
 * The options and answers travel as JSON (PublicKeyCredential's own JSON forms); the background and the
 * platform do the rest.
 */

/**
 * Whether to offer passkeys here: a browser with WebAuthn in extension pages, where Pouch has tested it.
 * Firefox exposes WebAuthn to extension pages too, but no virtual authenticator can be driven there over
 * WebDriver BiDi, so the Firefox build does not offer what its tests cannot check.
 */
export const passkeysSupported = (): boolean =>
  !import.meta.env.FIREFOX &&
  typeof PublicKeyCredential !== 'undefined' &&
  typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';

/** The person cancelled or the authenticator refused: a refusal in their words, not "something went wrong". */
export const cancelledByPerson = (error: unknown): boolean =>
  error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError');

/** Makes a passkey for the wallet (the platform's options, after its step-up) and adds it. */
export async function addPasskey(pin: string | undefined): Promise<Reply<'passkey.register'>> {
  const options = await send('passkey.options', pin ? { pin } : {});
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
    options as unknown as PublicKeyCredentialCreationOptionsJSON,
  );
  const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
  return send('passkey.register', { response: credential.toJSON() as never });
}

/** Unlocks with this browser's passkey: the authenticator signs the platform's session challenge. */
export async function unlockWithPasskey(): Promise<boolean> {
  const asked = await send('wallet.passkeyChallenge', {});
  if (!asked) return false;
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({
    challenge: base64url(new TextEncoder().encode(asked.challenge)),
    allowCredentials: [{ id: asked.passkeyId, type: 'public-key' }],
    userVerification: 'required',
    timeout: 60_000,
  });
  const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
  await send('wallet.unlockWithPasskey', { challenge: asked.challenge, passkey: credential.toJSON() as never });
  return true;
}
