import { html } from 'hono/html';
import { t } from '../i18n/language';
import { consoleLayout, field, formAlert, money, type Form, utcTime } from './layout';

interface PayoutsData {
  balances: { currency: string; inEscrow: number; pending: number; available: number; paidOut: number }[];
  bank: { holder: string; last4: string; payoutsHeldUntil: string | null } | null;
  /** Changes proposed over the API, waiting for the owner's password here. */
  proposed: { confirmationId: string; holder: string; last4: string; expiresAt: Date }[];
  payouts: {
    id: string;
    day: string;
    amount: { amount: number; currency: string };
    bankLast4: string;
    status: string;
  }[];
}

export function payoutsPage(
  shopName: string,
  data: PayoutsData,
  forms: { bank: Form; statement: Form; confirm?: Form & { confirmationId: string }; notice?: string },
) {
  return consoleLayout(
    t('Payouts'),
    html`<h1>${t('Balance and payouts')}</h1>
      ${forms.notice ? html`<p class="notice" role="status">${forms.notice}</p>` : ''}
      <section>
        <h2>${t('Balance')}</h2>
        ${
          data.balances.length === 0
            ? html`<p class="muted">${t('Nothing received yet.')}</p>`
            : html`<table data-testid="balances">
                <thead>
                  <tr>
                    <th>${t('Currency')}</th>
                    <th class="num">${t('In escrow')}</th>
                    <th class="num">${t('Pending (T+1)')}</th>
                    <th class="num">${t('Available')}</th>
                    <th class="num">${t('Paid out')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.balances.map(
                    (b) =>
                      html`<tr>
                        <td>${b.currency}</td>
                        <td class="num">${money({ amount: b.inEscrow, currency: b.currency })}</td>
                        <td class="num">${money({ amount: b.pending, currency: b.currency })}</td>
                        <td class="num">${money({ amount: b.available, currency: b.currency })}</td>
                        <td class="num">${money({ amount: b.paidOut, currency: b.currency })}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <p class="hint">
          ${t('Money received is pending for a day, then available; available money is paid out daily.')}
        </p>
      </section>
      <section>
        <h2>${t('Bank account')}</h2>
        <p data-testid="bank">
          ${
            data.bank
              ? html`${t('Payouts go to')} <bdi>${data.bank.holder}</bdi>${t(
                    ', account ending {last4} (sandbox bank).',
                    {
                      last4: data.bank.last4,
                    },
                  )}`
              : t('No bank account yet: payouts wait until you add one.')
          }
          ${
            data.bank?.payoutsHeldUntil && data.bank.payoutsHeldUntil > new Date().toISOString()
              ? t('The account changed recently: payouts wait until {when} UTC.', {
                  when: utcTime(data.bank.payoutsHeldUntil),
                })
              : ''
          }
        </p>
        ${
          // A confirmation refused for a change no longer listed (expired, or confirmed already).
          forms.confirm && !data.proposed.some((change) => change.confirmationId === forms.confirm?.confirmationId)
            ? formAlert(forms.confirm.errors)
            : ''
        }
        ${data.proposed.map((change) => proposedChange(change, forms.confirm))} ${formAlert(forms.bank.errors)}
        <form method="post" action="/console/payouts/bank-account">
          ${field(t('Account holder'), 'holder', forms.bank, { required: true })}
          ${field(t('Account number'), 'accountNumber', forms.bank, {
            required: true,
            hint: t('8 to 30 digits. Pouch keeps only the last four.'),
            attrs: 'inputmode="numeric" autocomplete="off"',
          })}
          ${
            data.bank
              ? field(
                  t('Console password'),
                  'password',
                  { values: {}, errors: forms.bank.errors },
                  {
                    type: 'password',
                    required: true,
                    hint: t(
                      'Changing where payouts go takes your password again. Payouts then wait 24 hours, and your webhook hears merchant.bank_account_changed.',
                    ),
                    attrs: 'autocomplete="current-password"',
                  },
                )
              : ''
          }
          <button type="submit">${t('Save bank account')}</button>
        </form>
      </section>
      <section>
        <h2>${t('Payouts')}</h2>
        ${
          data.payouts.length === 0
            ? html`<p class="muted">${t('No payouts yet.')}</p>`
            : html`<table data-testid="payouts">
                ${data.payouts.map(
                  (p) =>
                    html`<tr>
                      <td>${p.day}</td>
                      <td class="num">${money(p.amount)}</td>
                      <td>${t('to •••• {last4}', { last4: p.bankLast4 })}</td>
                      <td>${p.status === 'paid' ? t('Paid out') : p.status}</td>
                    </tr>`,
                )}
              </table>`
        }
        <h2>${t('Statement')}</h2>
        ${formAlert(forms.statement.errors)}
        <form method="get" action="/console/payouts/statement.csv">
          ${field(t('From'), 'from', forms.statement, { type: 'date', required: true })}
          ${field(t('To (inclusive)'), 'to', forms.statement, { type: 'date', required: true })}
          <button type="submit">${t('Download CSV')}</button>
        </form>
      </section>`,
    { name: shopName, page: 'payouts' },
  );
}

/** A change asked for with the API key: it takes effect only when the owner confirms it here, with the password. */
function proposedChange(
  change: PayoutsData['proposed'][number],
  refused: (Form & { confirmationId: string }) | undefined,
) {
  const errors = refused?.confirmationId === change.confirmationId ? refused.errors : {};
  const until = change.expiresAt.toISOString().slice(11, 16);
  return html`<form
    method="post"
    action="/console/payouts/bank-account/confirm"
    class="proposed"
    data-testid="proposed"
  >
    <h3>${t('A change waits for you')}</h3>
    <p>
      ${t(
        'Your API key asked to send payouts to {holder}, account ending {last4}. If that was you, confirm it with your password by {until} UTC; if not, ignore it and rotate your API key.',
        { holder: change.holder, last4: change.last4, until },
      )}
    </p>
    ${formAlert(errors)}
    <input type="hidden" name="confirmationId" value="${change.confirmationId}" />
    ${field(
      t('Console password'),
      'password',
      { values: {}, errors },
      { type: 'password', required: true, attrs: 'autocomplete="current-password"' },
    )}
    <button type="submit">${t('Confirm the new account')}</button>
  </form>`;
}
