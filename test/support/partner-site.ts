import type { TestMerchant } from './wallet-client';

/**
 * A checkout page on a shop's own site (not the demo shop): the partner meta, a signed tag (its own, or
 * `tag`) — in the HTML, or placed 300 ms after load as a single-page checkout does — and a note, on the
 * body, of every Pouch event (with its reason) and window message the page hears.
 */
export async function putCheckoutPage(
  merchant: TestMerchant,
  path: string,
  options: { late?: boolean; tag?: string } = {},
): Promise<string> {
  const tag = options.tag ?? (await merchant.tag({}));
  const place = `const tag = document.createElement('script');
    tag.type = 'application/pouch-checkout+jws';
    tag.textContent = ${JSON.stringify(tag)};
    document.getElementById('pay-here').append(tag);`;
  merchant.site.page(
    path,
    `<!doctype html><html><head><meta name="pouch-merchant" content="${merchant.merchantId}"><title>Checkout</title></head>
    <body data-heard=""><h1>Your order</h1><div id="pay-here"></div>
    <script>
      const heard = (what) => (document.body.dataset.heard += what + ' ');
      for (const name of ['pouch:failed', 'pouch:paid'])
        document.addEventListener(name, (e) => heard(e.detail?.reason ? name + ':' + e.detail.reason : name), true);
      addEventListener('message', () => heard('message'));
      ${options.late ? `setTimeout(() => { ${place} }, 300);` : place}
    </script></body></html>`,
  );
  return `${merchant.origin}${path}`;
}

/** One of Pouch's own pages, in Playwright (Chromium) or Puppeteer (Firefox); both evaluate alike. */
interface ExtensionPage {
  evaluate(fn: (arg: any) => Promise<unknown>, arg: unknown): Promise<any>;
}

/**
 * Whether Pouch's checkout script ran in the tab at `url`, asked from one of Pouch's own pages: a probe
 * run in Pouch's isolated world in that tab looks for the `checkout` global the script's bundle declares.
 */
export function checkoutScriptRanAt(extensionPage: ExtensionPage, url: string): Promise<boolean> {
  return extensionPage.evaluate(async (address) => {
    const scope = globalThis as unknown as { browser?: any; chrome: any };
    const api = scope.browser ?? scope.chrome;
    const tab = (await api.tabs.query({})).find((t: { url?: string }) => t.url === address);
    if (!tab) throw new Error(`no tab shows ${address}`);
    const [probe] = await api.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => 'checkout' in globalThis,
    });
    return probe.result as boolean;
  }, url);
}

/** The match patterns the checkout script is registered for, read from one of Pouch's own pages. */
export function checkoutScriptMatches(extensionPage: ExtensionPage): Promise<string[]> {
  return extensionPage.evaluate(async () => {
    const scope = globalThis as unknown as { browser?: any; chrome: any };
    const [script] = await (scope.browser ?? scope.chrome).scripting.getRegisteredContentScripts({ ids: ['checkout'] });
    return (script?.matches ?? []) as string[];
  }, null);
}
