import type { Money } from '../../../protocol/money';
import { formatMoney } from '../../../protocol/money-format';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { FieldErrors } from '../form';
import { language, t, type ConsoleLanguage } from '../i18n/language';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
  :root { color-scheme: light; }
  body { font: 15px/1.5 system-ui, 'Noto Sans CJK SC', sans-serif; margin: 0; color: #1d1d1f; background: #f7f5f0; }
  header { background: #5c4300; color: #fff; padding: 12px 24px; display: flex; gap: 20px; align-items: center; flex-wrap: wrap; }
  header strong { font-size: 18px; margin-right: 12px; }
  header a { color: #fff; text-decoration: none; opacity: .85; }
  header a[aria-current="page"] { opacity: 1; font-weight: 700; text-decoration: underline; text-underline-offset: 4px; }
  header form { margin-left: auto; }
  header a.language { border: 1px solid #fff8; border-radius: 6px; padding: 2px 8px; }
  header button { background: transparent; border: 1px solid #fff8; color: #fff; padding: 4px 12px; }
  main { max-width: 960px; margin: 24px auto; padding: 0 20px; }
  h1 { font-size: 22px; margin: 0 0 16px; }
  h2 { font-size: 17px; margin: 28px 0 10px; }
  section, .panel { background: #fff; border-radius: 12px; padding: 18px 22px; box-shadow: 0 1px 3px rgba(0,0,0,.08); margin-bottom: 18px; }
  section h2:first-child { margin-top: 0; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
  th { color: #666; font-weight: 600; font-size: 13px; }
  td.when { white-space: nowrap; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; }
  input, select, textarea { font: inherit; padding: 7px 9px; border: 1px solid #bbb; border-radius: 7px; width: 100%; max-width: 420px; box-sizing: border-box; }
  textarea { min-height: 70px; }
  input[aria-invalid="true"], textarea[aria-invalid="true"], select[aria-invalid="true"] { border-color: #b3261e; }
  .hint { color: #666; font-size: 13px; margin: 2px 0 0; }
  .field-error { color: #b3261e; font-size: 13px; margin: 3px 0 0; }
  button { font: inherit; background: #5c4300; color: #fff; border: 0; border-radius: 8px; padding: 8px 16px; cursor: pointer; margin-top: 14px; }
  button.small { padding: 4px 10px; margin: 0; font-size: 13px; }
  button.copy { margin-left: 8px; vertical-align: middle; }
  .copyable { display: flex; gap: 8px; align-items: flex-start; }
  .copyable pre { flex: 1; margin: 0; }
  main form > button { display: block; }
  .inline { display: flex; gap: 6px; align-items: center; }
  .inline input { width: 90px; }
  .notice { background: #e6f4ea; color: #1e6b34; padding: 10px 14px; border-radius: 8px; }
  .alert { background: #fce8e6; color: #b3261e; padding: 10px 14px; border-radius: 8px; }
  .proposed { border: 2px solid #e0a800; background: #fff8e1; padding: 4px 16px 16px; border-radius: 8px; margin: 12px 0 24px; }
  .secret { background: #fff8e1; border: 1px solid #e0c060; padding: 10px 14px; border-radius: 8px; }
  pre, code { font: 13px/1.45 ui-monospace, 'DejaVu Sans Mono', monospace; }
  pre { background: #f3f1ec; padding: 10px 12px; border-radius: 8px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
  .muted { color: #666; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .attention { border-left: 4px solid #e0a800; }
  .attention ul { padding-left: 18px; margin: 0; }
  .attention ul.requests { list-style: none; padding: 0; }
  .attention li { margin: 6px 0; }
  .attention li.request { border-bottom: 1px solid #eee; padding-bottom: 14px; margin-bottom: 14px; }
  blockquote { margin: 6px 0; padding: 6px 12px; border-left: 3px solid #ccc; background: #faf9f6; }
  .answer { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
  .answer form { flex: 1; min-width: 260px; }
  .answer label { margin-top: 0; }
  ol.conversation { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; max-width: 640px; }
  ol.conversation li { border: 1px solid #e3e3e8; border-radius: 10px; padding: 6px 12px; max-width: 80%; }
  ol.conversation li.shopper { align-self: flex-start; background: #faf9f6; }
  ol.conversation li.shop { align-self: flex-end; background: #f7eed2; border-color: #e9d9a8; }
  ol.conversation p { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  a.button { display: inline-block; background: #5c4300; color: #fff; border-radius: 8px; padding: 8px 16px; text-decoration: none; margin-top: 22px; }
  button.secondary { background: #fff; color: #5c4300; border: 1px solid #5c4300; }
  button.danger { background: #b3261e; }
  form.filters { display: flex; flex-wrap: wrap; gap: 0 14px; align-items: flex-start; margin-bottom: 14px; }
  form.filters > div { flex: 1 1 150px; }
  form.filters.narrow > div { flex: 0 1 260px; }
  form.filters label { margin-top: 0; }
  .filter-actions { display: flex; gap: 14px; align-items: center; flex: 0 0 auto !important; margin-top: 28px; }
  .filter-actions button { margin-top: 0; }
  form.campaign .for-percent, form.campaign .for-threshold { display: none; }
  form.campaign:has(#f-kind option[value="percent_off"]:checked) .for-percent { display: block; }
  form.campaign:has(#f-kind option[value="threshold"]:checked) .for-threshold { display: block; }
  td.steps { white-space: nowrap; }
  form.inline-step { display: inline; }
  main form.inline-step > button { display: inline-block; }
  form.inline-step + form.inline-step { margin-left: 6px; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0 0 16px; }
  dl.facts dt { color: #666; }
  dl.facts dd { margin: 0; }
  fieldset { border: 1px solid #ddd; border-radius: 8px; padding: 6px 16px 14px; margin: 12px 0 0; max-width: 420px; }
  legend { font-weight: 600; padding: 0 4px; }
  label.choice { display: flex; gap: 8px; align-items: center; font-weight: 400; margin: 10px 0 4px; }
  label.choice input { width: auto; }
  label.sub { font-weight: 400; margin: 4px 0 4px 26px; }
  fieldset label.sub + input { margin-left: 26px; max-width: 200px; }
  fieldset label.sub + input + .field-error { margin-left: 26px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
  .stat { font-size: 22px; font-weight: 700; }
  .center { max-width: 460px; margin: 40px auto; }
  figure.chart { margin: 0 0 22px; }
  figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
  figure.chart svg { width: 100%; height: auto; display: block; }
  figure.chart .bars rect { fill: #5c4300; }
  figure.chart .grid { stroke: #e4e0d6; }
  figure.chart text { font: 11px system-ui, sans-serif; fill: #595959; }
`;

type ConsolePage = 'overview' | 'payments' | 'agreements' | 'loyalty' | 'messages' | 'payouts' | 'keys';

/** The sections, in the page's language. */
const nav = (): [ConsolePage, string][] => [
  ['overview', t('Overview')],
  ['payments', t('Payments')],
  ['agreements', t('Auto-pay')],
  ['loyalty', t('Coupons & points')],
  ['messages', t('Messages')],
  ['payouts', t('Payouts')],
  ['keys', t('Keys & snippet')],
];

/** The other language, offered in the header (`?lang=` sets it and a cookie remembers it). */
const SWITCH = { en: ['zh-CN', '中文'], 'zh-CN': ['en', 'English'] } as const;

/** Every console page: a header with the shop's name and the sections, or none before sign-in. */
export function consoleLayout(title: string, body: Html, shop?: { name: string; page?: ConsolePage }) {
  const [other, otherName] = SWITCH[language()];
  return html`<!doctype html>
    <html lang="${language()}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — ${t('Pouch merchant console')}</title>
        <script src="/console/assets/copy.js" defer></script>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <strong>${t('Pouch for merchants')}</strong>
          ${
            shop
              ? html`${nav().map(
                    ([page, label]) =>
                      html`<a href="/console/${page}" ${page === shop.page ? raw('aria-current="page"') : ''}
                        >${label}</a
                      >`,
                  )}
                  <form method="post" action="/console/sign-out">
                    <bdi>${shop.name}</bdi> <button class="small" type="submit">${t('Sign out')}</button>
                  </form>`
              : ''
          }
          <a href="?lang=${other}" lang="${other}" class="language">${otherName}</a>
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

interface FieldOptions {
  type?: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  options?: [string, string][];
  attrs?: string;
}

/** A page for an id in the path that is not the shop's: what it is not, and the way back to its list. */
export function notFoundPage(
  shopName: string,
  words: { title: string; text: string; back: string },
  list: 'payments' | 'agreements',
) {
  return consoleLayout(
    words.title,
    html`<h1>${words.title}</h1>
      <section>
        <p>${words.text}</p>
        <p><a href="/console/${list}">${words.back}</a></p>
      </section>`,
    { name: shopName, page: list },
  );
}

/** One labelled form field that shows what was typed and, if refused, why. */
export function field(label: string, name: string, form: Form, options: FieldOptions = {}) {
  const value = form.values[name] ?? '';
  const error = form.errors[name];
  const id = `f-${name}`;
  const described = [options.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const common = raw(
    [
      `id="${id}" name="${name}"`,
      error ? 'aria-invalid="true"' : '',
      described ? `aria-describedby="${described}"` : '',
      options.required ? 'required' : '',
      options.attrs ?? '',
    ].join(' '),
  );
  const input = options.options
    ? html`<select ${common}>
        ${options.options.map(
          ([v, text]) => html`<option value="${v}" ${v === value ? raw('selected') : ''}>${text}</option>`,
        )}
      </select>`
    : options.multiline
      ? html`<textarea ${common}>${value}</textarea>`
      : html`<input type="${options.type ?? 'text'}" value="${value}" ${common} />`;
  return html`<label for="${id}">${label}</label>${input}
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
    ${error ? html`<p class="field-error" id="${id}-error">${t(error)}</p>` : ''}`;
}

/**
 * The form's refusal, at the top: what concerns the whole form, and how many fields need a fix. Each
 * field's own words stand beside it, under its label, once.
 */
export function formAlert(errors: FieldErrors) {
  const { form, ...fields } = errors;
  const count = Object.keys(fields).length;
  if (!form && count === 0) return '';
  const marked =
    count === 1 ? t('Please fix the field marked below.') : t('Please fix the {count} fields marked below.', { count });
  return html`<p class="alert" role="alert">${form ?? ''}${form && count ? ' ' : ''}${count ? marked : ''}</p>`;
}

/** A form as a page shows it: what was typed, and why each refused field was refused. */
export interface Form {
  values: Record<string, string>;
  errors: FieldErrors;
}

export const emptyForm = (values: Record<string, string> = {}): Form => ({ values, errors: {} });

/** Money as the console shows it, in the page's language. */
export const money = (value: Money): string => formatMoney(value, language());

/**
 * A time as the console shows it, in the page's language through Intl, to the minute, in UTC (the page
 * says so where it shows one): "Dec 7, 2026, 09:41", "2026年12月7日 09:41".
 */
export const utcTime = (iso: string): string => dateFormats[language()].time.format(new Date(iso));

/** A day as the console shows it, in the page's language ("Dec 31, 2027", "2027年12月31日"), in UTC. */
export const utcDay = (iso: string): string => dateFormats[language()].day.format(new Date(iso));

/** Made once per language: a page shows many times. */
const dateFormats = Object.fromEntries(
  (['en', 'zh-CN'] as const).map((lang) => [
    lang,
    {
      time: new Intl.DateTimeFormat(lang, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'UTC',
        hourCycle: 'h23',
      }),
      day: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }),
    },
  ]),
) as Record<ConsoleLanguage, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>;
