import { PaymentViewSchema } from '../../protocol/api';
import { DAY_MS } from '../../protocol/time';
import type { PaymentFilter } from '../payments/payment-view';
import { FormInput } from './form';
import { t } from './i18n/language';

/** The payments page's filter as typed (the query string), checked: what to list, and why not. */
export interface FilterForm {
  filter: PaymentFilter;
  form: FormInput;
  /** The filter as a query string, for the next page's link and the CSV download. */
  query: string;
}

const day = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null);

/** Reads `order`, `status`, `from` and `to` (whole UTC days, both included); a wrong one is said beside its field. */
export function readPaymentFilter(values: Record<string, string>): FilterForm {
  const form = new FormInput(values);
  const filter: PaymentFilter = {};
  const order = form.text('order');
  if (order) filter.orderId = order;
  const status = form.text('status');
  if (status) {
    const known = PaymentViewSchema.shape.status.safeParse(status);
    if (known.success) filter.status = known.data;
    else form.errors.status = t('Choose a status from the list.');
  }
  const from = form.text('from') ? day(form.text('from')) : undefined;
  const to = form.text('to') ? day(form.text('to')) : undefined;
  if (from === null) form.errors.from = t('Enter a date such as 2026-12-01.');
  if (to === null) form.errors.to = t('Enter a date such as 2026-12-31.');
  if (from && to && from > to) form.errors.to = t('Choose a day on or after From.');
  if (from) filter.from = from;
  if (to) filter.before = new Date(to.getTime() + DAY_MS);
  const query = new URLSearchParams(
    Object.entries({ order, status, from: form.text('from'), to: form.text('to') }).filter(([, v]) => v),
  ).toString();
  return { filter, form, query };
}

export const filterRefused = (f: FilterForm): boolean => Object.keys(f.form.errors).length > 0;
