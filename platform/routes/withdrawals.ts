import {
  TopUpResultSchema,
  WithdrawalAccountBodySchema,
  WithdrawalAccountViewSchema,
  WithdrawalBodySchema,
} from '../../protocol/api';
import { requireKey } from '../idempotency';
import { setWithdrawalAccount, withdraw } from '../wallets/withdrawals';
import { operation, readBody, router, walletSession } from './define';
import { IDEMPOTENCY, refusal, STEP_UP } from './refusals';

/** Money out of a wallet: where it goes, and taking it out. Both take the PIN (403 pin_required). */
const app = router();

operation(
  app,
  {
    method: 'put',
    path: '/v1/wallet/withdrawal-account',
    summary: 'Set the (sandbox) bank account withdrawals go to; takes the PIN',
    tag: 'Wallets',
    auth: 'wallet',
    body: WithdrawalAccountBodySchema,
    reply: WithdrawalAccountViewSchema,
    refusals: STEP_UP,
  },
  async (c) => {
    const session = walletSession(c);
    return c.json(await setWithdrawalAccount(c.var.platform, session, await readBody(c, WithdrawalAccountBodySchema)));
  },
);

operation(
  app,
  {
    method: 'post',
    path: '/v1/wallet/withdrawals',
    summary: 'Withdraw from the balance to the withdrawal account; takes the PIN (Idempotency-Key required)',
    tag: 'Wallets',
    auth: 'wallet',
    idempotent: true,
    body: WithdrawalBodySchema,
    reply: TopUpResultSchema,
    status: 201,
    refusals: [
      ...IDEMPOTENCY,
      ...STEP_UP,
      refusal(409, 'no_withdrawal_account', 'Set the bank account withdrawals go to first.'),
      refusal(409, 'insufficient_balance', 'The balance is lower than this withdrawal.', [
        'amount.amount',
        'at most the balance',
      ]),
    ],
  },
  async (c) => {
    const key = requireKey(c.req.header('idempotency-key'));
    const session = walletSession(c);
    const result = await withdraw(c.var.platform, session, key, await readBody(c, WithdrawalBodySchema));
    return c.json(result.body, result.status, result.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  },
);

export default app;
