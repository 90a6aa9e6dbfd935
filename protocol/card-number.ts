import type { z } from 'zod';
import type { CardBrandSchema } from './wallet';

type CardBrand = z.infer<typeof CardBrandSchema>;

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** The digit that makes `partial + digit` pass Luhn: for writing test card numbers. */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return String(d);
  throw new Error('unreachable');
}

const BRANDS: { brand: CardBrand; lengths: number[]; matches: (n: string) => boolean }[] = [
  { brand: 'amex', lengths: [15], matches: (n) => /^3[47]/.test(n) },
  {
    brand: 'jcb',
    lengths: [16, 17, 18, 19],
    matches: (n) => Number(n.slice(0, 4)) >= 3528 && Number(n.slice(0, 4)) <= 3589,
  },
  {
    brand: 'mastercard',
    lengths: [16],
    matches: (n) => /^5[1-5]/.test(n) || (Number(n.slice(0, 4)) >= 2221 && Number(n.slice(0, 4)) <= 2720),
  },
  { brand: 'unionpay', lengths: [16, 17, 18, 19], matches: (n) => n.startsWith('62') },
  { brand: 'visa', lengths: [13, 16, 19], matches: (n) => n.startsWith('4') },
];

/** The brand a card number's first digits name, as it is being typed; null until they name one. */
export function brandOf(digits: string): CardBrand | null {
  if (!/^\d{2,19}$/.test(digits)) return null;
  return BRANDS.find((b) => b.matches(digits))?.brand ?? null;
}

type CardNumberCheck = { ok: true; brand: CardBrand } | { ok: false; expected: string };

/** Checks a card number's digits, Luhn sum, and brand range with that brand's lengths. */
export function checkCardNumber(number: string): CardNumberCheck {
  if (!/^\d{12,19}$/.test(number)) return { ok: false, expected: 'expected 12 to 19 digits' };
  if (!luhnValid(number)) return { ok: false, expected: 'expected a card number that passes the Luhn check' };
  const match = BRANDS.find((b) => b.matches(number));
  if (!match) return { ok: false, expected: 'expected a UnionPay, Visa, Mastercard, American Express or JCB number' };
  if (!match.lengths.includes(number.length)) {
    return { ok: false, expected: `expected ${match.lengths.join(' or ')} digits for ${match.brand}` };
  }
  return { ok: true, brand: match.brand };
}
