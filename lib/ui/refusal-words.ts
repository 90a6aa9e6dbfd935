import type { ErrorCode } from '../../protocol/messages';
import type { RefusalCode, RefusalFacts } from '../../protocol/refusal-codes';
import type { TagRefusal } from '../../protocol/verify-checkout-tag';
import { t, type MessageKey } from './i18n';

/**
 * Every refusal a person can meet, said in their language (`error_<code>` in public/_locales): the
 * platform's codes (protocol/refusal-codes.ts), the wallet's own, and the page check's. The words say
 * what happened and what to do; no code, field name or English from the platform reaches the page.
 * A refusal without English words fails the build (`satisfies MessageKey`); a unit test checks the
 * other languages.
 */
export type Refusal = RefusalCode | ErrorCode | TagRefusal;

/** The figures some words carry, in the order their `error_<code>_facts` message takes them ($1, $2). */
const FIGURES = {
  pin_incorrect: ['triesLeft'],
  recovery_code_incorrect: ['triesLeft'],
  pin_locked: ['minutes'],
  rate_limited: ['retryAfterSeconds'],
  coupon_limit_reached: ['perUserLimit'],
  points_exceed_limit: ['most', 'held'],
} as const satisfies Partial<Record<Refusal, (keyof RefusalFacts)[]>>;

const hasFigures = (refusal: Refusal): refusal is keyof typeof FIGURES => Object.hasOwn(FIGURES, refusal);

/** The words for a refusal, with its figures when the platform sent them. */
export function refusalWords(refusal: Refusal, facts: RefusalFacts = {}): string {
  if (hasFigures(refusal)) {
    const figures = FIGURES[refusal].map((name) => facts[name]);
    if (figures.every((figure) => figure !== undefined))
      return t(`error_${refusal}_facts` as const satisfies MessageKey, ...figures);
  }
  return t(`error_${refusal}` as const satisfies MessageKey);
}

/** The fields a person fills in that a refusal may name, each with words saying what it takes. */
const FIELDS = [
  'number',
  'expMonth',
  'expYear',
  'cvc',
  'holder',
  'amount',
  'pin',
  'newPin',
  'recoveryCode',
  'linkCode',
  'accountNumber',
  'reason',
  'text',
  'name',
  'phone',
  'country',
  'region',
  'street',
  'postcode',
  'email',
  'share',
  'platformUrl',
] as const;
export type FormField = (typeof FIELDS)[number];

/** The form field a refused input names (`amount.amount` → amount), when it is one a person fills in. */
export function formField(field: string | undefined): FormField | undefined {
  const name = field?.split('.')[0] ?? '';
  return FIELDS.find((known) => known === name);
}

/** What a person should put in a field the platform refused. */
export const fieldWords = (field: FormField): string => t(`field_${field}` as const satisfies MessageKey);
