import { SIGN_IN_TAG_TYPE } from '../../protocol/sign-in-tag';

/** The elements a partner page puts where Pouch's buttons go. */
export const CHECKOUT_TAG = 'script[type="application/pouch-checkout+jws"]';
export const SIGN_IN_TAG = `script[type="${SIGN_IN_TAG_TYPE}"]`;
