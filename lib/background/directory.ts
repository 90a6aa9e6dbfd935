import type { Partner } from '../../protocol/wallet';
import { updateCheckoutScript } from './checkout-script';
import type { BackgroundContext } from './context';
import { viaPlatform } from './errors';

async function platformUrl(ctx: BackgroundContext): Promise<string> {
  return (await (await ctx.db()).get('account', 'self'))?.platformUrl ?? ctx.defaultPlatformUrl;
}

/**
 * Fetches the partner directory if it changed (ETag), replaces the cached copy in one transaction and
 * registers the checkout script for its origins. When the platform cannot be reached, the cached
 * directory still decides where the script runs.
 */
export async function syncDirectory(ctx: BackgroundContext): Promise<void> {
  try {
    await fetchDirectory(ctx);
  } finally {
    await updateCheckoutScript(ctx);
  }
}

async function fetchDirectory(ctx: BackgroundContext): Promise<void> {
  const db = await ctx.db();
  const etag = (await db.get('meta', 'directoryEtag'))?.value ?? null;
  const directory = await viaPlatform(async () => ctx.platform(await platformUrl(ctx)).directory(etag));
  if (!directory.partners) return;
  const tx = db.transaction(['directory', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [tx.objectStore('directory').clear()];
  writes.push(...directory.partners.map((partner) => tx.objectStore('directory').put(partner)));
  if (directory.etag) writes.push(tx.objectStore('meta').put({ key: 'directoryEtag', value: directory.etag }));
  await Promise.all([...writes, tx.done]);
}

async function cachedPartner(ctx: BackgroundContext, match: (partner: Partner) => boolean) {
  return (await (await ctx.db()).getAll('directory')).find(match);
}

/** The first partner that matches; a miss refetches the directory once (a shop may have just joined). */
async function partnerWhere(ctx: BackgroundContext, match: (partner: Partner) => boolean) {
  const cached = await cachedPartner(ctx, match);
  if (cached) return cached;
  try {
    await syncDirectory(ctx);
  } catch (error) {
    ctx.log('directory refetch failed', error);
    return undefined;
  }
  return cachedPartner(ctx, match);
}

/** The partner owning a key id. */
export const partnerForKey = (ctx: BackgroundContext, kid: string): Promise<Partner | undefined> =>
  partnerWhere(ctx, (partner) => partner.keys.some((key) => key.kid === kid));

export const partnerById = (ctx: BackgroundContext, merchantId: string): Promise<Partner | undefined> =>
  partnerWhere(ctx, (partner) => partner.merchantId === merchantId);
