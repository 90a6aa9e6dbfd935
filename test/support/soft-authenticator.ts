import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/** What the CBOR encoder takes (its own type is not exported). */
type CBOR = Parameters<typeof isoCBOR.encode>[0];

/**
 * A software WebAuthn authenticator for platform tests: it makes a P-256 passkey and answers
 * registration and assertion requests as a browser's authenticator would (attestation "none"), with
 * knobs an attacker would turn: another origin, no user verification, a counter that goes back.
 */
const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly key: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;

  constructor(
    readonly origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    readonly rpId = origin,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.key = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  }

  private clientData(type: string, challenge: string, origin = this.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private authData(flags: number, attested?: Uint8Array) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  /** The answer to navigator.credentials.create(options), as PublicKeyCredential.toJSON() gives it. */
  register(options: { challenge: string }, knobs: { origin?: string; userVerified?: boolean } = {}) {
    const cose = isoCBOR.encode(
      new Map<number, CBOR>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(this.publicJwk.x, 'base64url'))],
        [-3, new Uint8Array(Buffer.from(this.publicJwk.y, 'base64url'))],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cose]);
    const flags = FLAG_UP | FLAG_AT | (knobs.userVerified === false ? 0 : FLAG_UV);
    const attestationObject = isoCBOR.encode(
      new Map<string, CBOR>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBOR>()],
        ['authData', new Uint8Array(this.authData(flags, attested))],
      ]),
    );
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, knobs.origin)),
        attestationObject: b64url(attestationObject),
      },
      clientExtensionResults: {},
    };
  }

  /** The answer to navigator.credentials.get() over a session challenge (its UTF-8 bytes). */
  assert(challenge: string, knobs: { userVerified?: boolean; counter?: number } = {}) {
    this.counter = knobs.counter ?? this.counter + 1;
    const authData = this.authData(FLAG_UP | (knobs.userVerified === false ? 0 : FLAG_UV));
    const clientDataJSON = this.clientData('webauthn.get', b64url(Buffer.from(challenge)));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.key);
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
    };
  }
}
