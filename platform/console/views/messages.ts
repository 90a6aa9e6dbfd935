import { html } from 'hono/html';
import { consoleLayout, field, formAlert, type Form, utcTime } from './layout';

export function messagesPage(
  shopName: string,
  sent: { subscribers: number; items: { id: string; text: string; link: string | null; createdAt: string }[] },
  form: Form,
  notice?: string,
) {
  return consoleLayout(
    'Messages',
    html`<h1>Messages to subscribers</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <section>
        <p>
          <span class="stat" data-testid="subscribers">${sent.subscribers}</span>
          ${sent.subscribers === 1 ? 'shopper has' : 'shoppers have'} chosen to hear from you. Only they receive
          messages, in their Pouch inbox; they can leave in one click.
        </p>
        ${formAlert(form.errors)}
        <form method="post" action="/console/messages">
          ${field('Message', 'text', form, {
            multiline: true,
            required: true,
            hint: 'Plain text, at most 500 characters.',
            attrs: 'maxlength="500"',
          })}
          ${field('Link', 'link', form, { type: 'url', hint: 'Optional; a page on your own site.' })}
          <button type="submit">Send to subscribers</button>
        </form>
      </section>
      <section>
        <h2>Sent</h2>
        ${
          sent.items.length === 0
            ? html`<p class="muted">Nothing sent yet.</p>`
            : html`<table data-testid="sent">
                ${sent.items.map(
                  (m) =>
                    html`<tr>
                      <td class="when">${utcTime(m.createdAt)}</td>
                      <td>${m.text}${m.link ? html`<br /><span class="muted">${m.link}</span>` : ''}</td>
                    </tr>`,
                )}
              </table>`
        }
      </section>`,
    { name: shopName, page: 'messages' },
  );
}
