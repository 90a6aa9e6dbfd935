import type { BackgroundContext } from './context';

/** How often the worker asks the platform whether the partner directory changed (an ETag request). */
export const DIRECTORY_REFRESH_MINUTES = 10;
export const DIRECTORY_ALARM = 'directory-refresh';

/**
 * The pages the checkout script may run in: each verified partner origin's scheme and host. Chromium's
 * patterns can name the port; Firefox's cannot, so there a partner's host matches on every port (the
 * background still binds each tag and sign-in to its exact origin).
 */
export function partnerMatches(origins: readonly string[], withPorts: boolean): string[] {
  const patterns = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    patterns.add(`${url.protocol}//${withPorts ? url.host : url.hostname}/*`);
  }
  return [...patterns].sort();
}

/** Registers the checkout script for the cached directory's origins exactly, or unregisters it when none. */
export async function updateCheckoutScript(ctx: BackgroundContext): Promise<void> {
  const partners = await (await ctx.db()).getAll('directory');
  const origins = partners.flatMap((partner) => partner.origins);
  await ctx.pageScripts.setCheckoutMatches(partnerMatches(origins, ctx.pageScripts.portsInPatterns));
}
