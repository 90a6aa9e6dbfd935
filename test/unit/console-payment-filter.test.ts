import { describe, expect, it } from 'vitest';
import { readPaymentFilter } from '../../platform/console/payment-filter';
import { csvField } from '../../protocol/csv';

describe('the console’s payment search', () => {
  it('reads an order id, a status and whole UTC days, and keeps them for the next page and the download', () => {
    const { filter, form, query } = readPaymentFilter({
      order: ' A-1 ',
      status: 'refunded',
      from: '2026-12-01',
      to: '2026-12-07',
    });
    expect(form.errors).toEqual({});
    expect(filter).toEqual({
      orderId: 'A-1',
      status: 'refunded',
      from: new Date('2026-12-01T00:00:00Z'),
      before: new Date('2026-12-08T00:00:00Z'),
    });
    expect(query).toBe('order=A-1&status=refunded&from=2026-12-01&to=2026-12-07');
    expect(readPaymentFilter({})).toMatchObject({ filter: {}, query: '' });
  });

  it('says beside each field what is wrong with it', () => {
    expect(readPaymentFilter({ status: 'paid', from: '12/01/2026' }).form.errors).toEqual({
      status: 'Choose a status from the list.',
      from: 'Enter a date such as 2026-12-01.',
    });
    expect(readPaymentFilter({ from: '2026-12-07', to: '2026-12-01' }).form.errors).toEqual({
      to: 'Choose a day on or after From.',
    });
  });
});

describe('a CSV field', () => {
  it('quotes what needs quoting and defuses formulas only in words someone wrote', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvField('=SUM(A1)', true)).toBe("'=SUM(A1)");
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });
});
