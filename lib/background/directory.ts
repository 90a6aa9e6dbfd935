import type { Partner } from '../../protocol/wallet';
import type { BackgroundContext } from './context';
import { viaPlatform } from './errors';

async function platformUrl(ctx: BackgroundContext): Promise<string> {
  return (await (await ctx.db()).get('account', 'self'))?.platformUrl ?? ctx.defaultPlatformUrl;
}

/** Fetches the partner directory if it changed (ETag) and replaces the cached copy in one transaction. */
export async function syncDirectory(ctx: BackgroundContext): Promise<void> {
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

async function cachedPartner(ctx: BackgroundContext, kid: string): Promise<Partner | undefined> {
  const partners = await (await ctx.db()).getAll('directory');
  return partners.find((partner) => partner.keys.some((key) => key.kid === kid));
}

/** The partner owning a key id; an unknown id refetches the directory once (a shop may have just joined). */
export async function partnerForKey(ctx: BackgroundContext, kid: string): Promise<Partner | undefined> {
  const cached = await cachedPartner(ctx, kid);
  if (cached) return cached;
  try {
    await syncDirectory(ctx);
  } catch (error) {
    ctx.log('directory refetch failed', error);
    return undefined;
  }
  return cachedPartner(ctx, kid);
}
