import { z } from 'zod';
import {
  BankAccountBodySchema,
  BankAccountChangeSchema,
  BankAccountViewSchema,
  MerchantBalanceSchema,
  PayoutListSchema,
  StatementQuerySchema,
} from '../../protocol/api';
import { requestBankAccount } from '../settlement/bank-account';
import { listPayouts, merchantBalance, statementCsv } from '../settlement/settlement';
import { operation, router } from './define';

const app = router();

operation(
  app,
  {
    method: 'put',
    path: '/v1/merchant/bank-account',
    summary:
      'Set the (sandbox) bank account payouts go to: the first at once (200); a change is proposed (202) and takes effect once the owner confirms it in the console with the password',
    tag: 'Balance and payouts',
    auth: 'merchant',
    body: BankAccountBodySchema,
    reply: z.union([BankAccountViewSchema, BankAccountChangeSchema]),
  },
  async (c, { body }) => {
    const result = await requestBankAccount(c.var.platform, c.var.merchantId, body);
    return c.json(result.body, result.status);
  },
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/balance',
    summary: 'In escrow, pending (T+1), available and paid out, per currency',
    tag: 'Balance and payouts',
    auth: 'merchant',
    reply: MerchantBalanceSchema,
  },
  async (c) => c.json(await merchantBalance(c.var.platform.db, c.var.merchantId)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/payouts',
    summary: 'Daily payouts to the bank account',
    tag: 'Balance and payouts',
    auth: 'merchant',
    reply: PayoutListSchema,
  },
  async (c) => c.json(await listPayouts(c.var.platform.db, c.var.merchantId)),
);

operation(
  app,
  {
    method: 'get',
    path: '/v1/merchant/statement.csv',
    summary: 'Every posting on the merchant accounts in a period, as CSV',
    tag: 'Balance and payouts',
    auth: 'merchant',
    query: StatementQuerySchema,
    reply: z.string(),
  },
  async (c, { query: { from, to } }) => {
    const csv = await statementCsv(c.var.platform.db, c.var.merchantId, new Date(from), new Date(to));
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="pouch-statement.csv"',
    });
  },
);

export default app;
