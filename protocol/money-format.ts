/** Money formatting with Intl alone: no schema library, so the popup bundle stays small. */
import type { Money } from './money';

const exponents = new Map<string, number>();

/**
 * Digits after the decimal point for a currency: 2 for CNY, 0 for JPY, 3 for KWD. Remembered per
 * currency: building the Intl formatter took about 1 % of the platform's time per payment.
 */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * How a currency's sign is written. CNY is ¥ in every language, as Chinese shops and shoppers write it
 * (English's own "CN¥" would differ from every price on the shop's page); another currency as the
 * language writes it, or by its code where that sign would be ¥ too (JPY in English).
 */
function formatFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const exponent = currencyExponent(currency);
    const options: Intl.NumberFormatOptions = {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    };
    const display =
      currency === 'CNY'
        ? 'narrowSymbol'
        : new Intl.NumberFormat(locale, { ...options, currencyDisplay: 'narrowSymbol' }).format(0).includes('¥')
          ? 'code'
          : 'symbol';
    format = new Intl.NumberFormat(locale, { ...options, currencyDisplay: display });
    formats.set(key, format);
  }
  return format;
}

/** Money for a person to read, in their language: one way to write each currency in each language. */
export function formatMoney(money: Money, locale?: string): string {
  return formatFor(money.currency, locale).format(money.amount / 10 ** currencyExponent(money.currency));
}

/** Parses a decimal string typed by a person ("128", "128.5") into minor units, exactly. */
export function parseMajorUnits(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

/** Minor units as the plain decimal a person types ("128.50"), exactly: the inverse of parseMajorUnits. */
export function formatMajorUnits(money: Money): string {
  const exponent = currencyExponent(money.currency);
  if (exponent === 0) return String(money.amount);
  const magnitude = Math.abs(money.amount);
  const whole = Math.trunc(magnitude / 10 ** exponent);
  const fraction = String(magnitude % 10 ** exponent).padStart(exponent, '0');
  return `${money.amount < 0 ? '-' : ''}${whole}.${fraction}`;
}
