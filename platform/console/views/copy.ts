import { html } from 'hono/html';
import { t } from '../i18n/language';

/**
 * A Copy button for the text of the element with id `target`. Hidden until the console's one script
 * (COPY_SCRIPT) shows it: without script the text stays selectable, and no button does nothing.
 */
export const copyButton = (target: string, what: string) =>
  html`<button
    type="button"
    class="small copy"
    data-copy="${target}"
    data-copied="${t('Copied')}"
    data-selected="${t('Selected: press Ctrl+C')}"
    aria-label="${t('Copy {what}', { what })}"
    hidden
  >
    ${t('Copy')}
  </button>`;

/** Served as /console/assets/copy.js (the console allows only its own script files, nothing inline). */
export const COPY_SCRIPT = `for (const button of document.querySelectorAll('button[data-copy]')) button.hidden = false;
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element && event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = button.dataset.copied;
  } catch {
    // No clipboard here (a page not served over https): select the text for the person to copy.
    getSelection().selectAllChildren(source);
    button.textContent = button.dataset.selected;
  }
});
`;
