import { z } from 'zod';

/** ISO 4217 codes this runtime's Intl knows; the exponent comes from Intl too, so no table drifts. */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "CNY"')
  .refine((code) => knownCurrencies.has(code), 'expected a known ISO 4217 currency');

/** A count of minor units (fen for CNY, cents for USD, yen for JPY). Never a float. */
export const MinorUnitsSchema = z
  .number()
  .int('expected an integer count of minor units')
  .min(0, 'expected zero or more minor units')
  .max(Number.MAX_SAFE_INTEGER);

export const MoneySchema = z.object({ amount: MinorUnitsSchema, currency: CurrencySchema }).meta({ id: 'Money' });
export type Money = z.infer<typeof MoneySchema>;
