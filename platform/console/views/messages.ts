import { html } from 'hono/html';
import { t } from '../i18n/language';
import { consoleLayout, field, formAlert, type Form, utcTime } from './layout';

export function messagesPage(
  shopName: string,
  sent: { subscribers: number; items: { id: string; text: string; link: string | null; createdAt: string }[] },
  form: Form,
  notice?: string,
) {
  return consoleLayout(
    t('Messages'),
    html`<h1>${t('Messages to subscribers')}</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <section>
        <p>
          <span class="stat" data-testid="subscribers">${sent.subscribers}</span>
          ${
            sent.subscribers === 1
              ? t('shopper has chosen to hear from you.')
              : t('shoppers have chosen to hear from you.')
          }
          ${t('Only they receive messages, in their Pouch inbox; they can leave in one click.')}
        </p>
        ${formAlert(form.errors)}
        <form method="post" action="/console/messages">
          ${field(t('Message'), 'text', form, {
            multiline: true,
            required: true,
            hint: t('Plain text, at most 500 characters.'),
            attrs: 'maxlength="500"',
          })}
          ${field(t('Link'), 'link', form, { type: 'url', hint: t('Optional; a page on your own site.') })}
          <button type="submit">${t('Send to subscribers')}</button>
        </form>
      </section>
      <section>
        <h2>${t('Sent')}</h2>
        ${
          sent.items.length === 0
            ? html`<p class="muted">${t('Nothing sent yet.')}</p>`
            : html`<table data-testid="sent">
                ${sent.items.map(
                  (m) =>
                    html`<tr>
                      <td class="when">${utcTime(m.createdAt)}</td>
                      <td><bdi>${m.text}</bdi>${m.link ? html`<br /><span class="muted">${m.link}</span>` : ''}</td>
                    </tr>`,
                )}
              </table>`
        }
      </section>`,
    { name: shopName, page: 'messages' },
  );
}
