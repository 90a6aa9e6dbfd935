import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Hands every element matching `selector` that the page adds later to `found`, as single-page
 * checkouts insert their tag after load. The observer ends with the content script's context.
 */
export function watchAddedTags(ctx: ContentScriptContext, selector: string, found: (tag: Element) => void): void {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(selector)) found(node);
        node.querySelectorAll(selector).forEach(found);
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
}
