import type { Coupon, Transaction } from '../../protocol/wallet';

export const account = {
  walletId: 'w_test',
  platformUrl: 'http://platform.test',
  passwordFreeLimit: { amount: 20000, currency: 'CNY' },
  createdAt: '2026-11-01T00:00:00Z',
};

export function transaction(i: number): Transaction {
  return {
    id: `t_${String(i).padStart(6, '0')}`,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    kind: i % 5 === 0 ? 'topup' : 'payment',
    title: i % 5 === 0 ? 'Top-up' : `Order ${i}`,
    merchantId: i % 5 === 0 ? undefined : 'm_shop',
    amount: { amount: 100 + (i % 900), currency: 'CNY' },
    status: 'succeeded',
  };
}

export function coupon(i: number, expiresAt: string, status: Coupon['status'] = 'available'): Coupon {
  return {
    id: `c_${i}`,
    merchantId: i % 2 ? 'm_shop' : 'm_air',
    merchantName: i % 2 ? 'Demo Shop' : 'Demo Air',
    title: `¥${(i % 20) + 1} off`,
    kind: 'amount_off',
    currency: 'CNY',
    value: ((i % 20) + 1) * 100,
    minSpend: 0,
    expiresAt,
    status,
  };
}

export const partner = {
  merchantId: 'm_shop',
  name: 'Demo Shop',
  category: 'digital goods',
  origins: ['https://shop.example'],
  pointsPerUnit: 0,
  pointValue: 0,
  keys: [{ kid: 'k1', kty: 'EC' as const, crv: 'P-256' as const, x: 'x', y: 'y' }],
};
