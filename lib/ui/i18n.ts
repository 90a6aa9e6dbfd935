import { browser } from 'wxt/browser';
import type { Money } from '../../protocol/money';
import { formatMoney } from '../../protocol/money-format';

/** The browser's language decides: `_locales/<lang>/messages.json`, English where a string is missing. */
export const locale = browser.i18n.getUILanguage();

export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}

export const money = (value: Money): string => formatMoney(value, locale);

const currencyNames = new Intl.DisplayNames(locale, { type: 'currency' });
/** A currency as the reader calls it (人民币, Chinese Yuan), for labels: codes are for machines. */
export const currencyName = (code: string): string => currencyNames.of(code) ?? code;

/**
 * A merchant's words set inside one of ours ("Pay Roses"), isolated (FSI … PDI) so their direction
 * cannot run into the sentence around them. Whole elements of merchant text use `<bdi>` instead.
 */
export const isolate = (merchantText: string): string => `\u2068${merchantText}\u2069`;

/** One way to write a date in each language (Dec 4, 2026; 2026年12月4日), with the time where it matters. */
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
export const date = (iso: string): string => dateFormat.format(new Date(iso));
export const dateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
