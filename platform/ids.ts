import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../protocol/canonical-json';

/** Unguessable ids with a prefix that says what they name: `pay_…`, `w_…`, `evt_…`. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

export const secretToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** A webhook signing secret as Standard Webhooks libraries read it: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stable hash of a request body, for idempotency: same body, same hash, whatever the key order. */
export const requestHash = (value: unknown): string => sha256(canonicalJson(value));
