import type { PaymentView } from '../../protocol/api';
import type { Money } from '../../protocol/money';
import { formatMajorUnits } from '../../protocol/money-format';
import { ApiError } from '../api-error';
import type { FieldErrors, FormInput } from './form';
import { money } from './views/layout';
import { t } from './i18n/language';

const REASON_MAX = 500;

/** What is left to refund of a payment: what the shopper paid (amount less discount), less what went back. */
export const refundable = (payment: PaymentView): Money => ({
  amount: payment.amount.amount - payment.discount.amount - payment.refunded.amount,
  currency: payment.amount.currency,
});

/** A refund as the merchant asked for it, checked, ready to confirm. */
export interface RefundRequest {
  amount: Money;
  reason: string;
}

/** What the shopper paid: the amount less what the coupon and points took off. */
export const paid = (payment: PaymentView): Money => ({
  amount: payment.amount.amount - payment.discount.amount,
  currency: payment.amount.currency,
});

/**
 * The refund a merchant asked for on the console: part of the payment with an amount up to `upTo`, or
 * all that is left as its own choice (an empty amount is neither), and a reason. Refusals go on the
 * fields they concern and say limits in money.
 */
export function readRefund(form: FormInput, payment: PaymentView, upTo: Money): RefundRequest | null {
  const scope = form.text('scope');
  let amount: number | undefined;
  if (scope === 'all') amount = refundable(payment).amount;
  else if (scope === 'part') amount = partAmount(form, upTo);
  else
    form.errors.scope = t('Choose part of the payment, or all that is left ({amount}).', {
      amount: money(refundable(payment)),
    });
  const reason = form.text('reason');
  if (!reason) form.errors.reason = t('Say why you refund: it is kept with the refund.');
  else if (reason.length > REASON_MAX) form.errors.reason = t('Keep the reason to {n} characters.', { n: REASON_MAX });
  if (Object.keys(form.errors).length || amount === undefined) return null;
  return { amount: { amount, currency: payment.amount.currency }, reason };
}

function partAmount(form: FormInput, left: Money): number | undefined {
  const within = t('Enter an amount from {least} to {most}.', {
    least: money({ amount: 1, currency: left.currency }),
    most: money(left),
  });
  if (!form.text('amount')) {
    form.errors.amount = within;
    return undefined;
  }
  const amount = form.money('amount', left.currency);
  if (amount === undefined || form.errors.amount) {
    form.errors.amount = `${within} ${t('Write it as {example}.', { example: formatMajorUnits(left) })}`;
    return undefined;
  }
  if (amount <= 0 || amount > left.amount) {
    form.errors.amount = within;
    return undefined;
  }
  return amount;
}

/** The platform's refusal of a refund in the console's words, in money, on the field it concerns. */
export function refundRefusal(error: unknown, currency: string): FieldErrors {
  if (!(error instanceof ApiError)) throw error;
  switch (error.code) {
    case 'refund_exceeds_payment': {
      const remaining = Number(error.more.facts?.remaining ?? 0);
      return { amount: t('At most {amount} is left to refund.', { amount: money({ amount: remaining, currency }) }) };
    }
    case 'already_refunded':
      return { form: t('This payment has already been refunded in full.') };
    case 'merchant_balance_insufficient':
      return { form: t('Your shop’s balance on Pouch (what has not been paid out yet) cannot cover this refund.') };
    default:
      return { form: error.detail };
  }
}
