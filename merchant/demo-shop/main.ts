import { ShopStartError } from './credentials';
import { startShop, type RunningShop } from './server';

const port = Number(process.env.PORT ?? 8788);
const platformUrl = process.env.POUCH_PLATFORM_URL ?? 'http://localhost:8787';

/** What stopped the start, as one sentence for the shop's owner; undefined for a bug (its stack trace stays). */
function whyNotStarted(error: unknown): string | undefined {
  if (error instanceof ShopStartError) return error.message;
  if (error instanceof TypeError && error.message === 'fetch failed')
    return `No Pouch platform answers at ${platformUrl}: start one first (npm run platform), run both with npm start, or set POUCH_PLATFORM_URL.`;
  const problem = error as { status?: unknown; message?: string };
  if (typeof problem?.status === 'number') return `The Pouch platform at ${platformUrl} refused: ${problem.message}`;
  return undefined;
}

let shop: RunningShop;
try {
  shop = await startShop({ platformUrl, dataDir: process.env.POUCH_DATA ?? '.pouch/demo-shop', port });
} catch (error) {
  const why = whyNotStarted(error);
  if (why === undefined) throw error;
  console.error(why);
  process.exit(1);
}
const login = shop.credentials.console;
console.log(`Pouch demo shop on ${shop.url} (merchant ${shop.credentials.merchantId})`);
if (login) console.log(`Its merchant console: sign in as ${login.email} / ${login.password}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void shop.close().then(() => process.exit(0)));
