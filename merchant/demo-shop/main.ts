import { startShop } from './server';

const port = Number(process.env.PORT ?? 8788);
const shop = await startShop({
  platformUrl: process.env.POUCH_PLATFORM_URL ?? 'http://localhost:8787',
  dataDir: process.env.POUCH_DATA ?? '.pouch/demo-shop',
  port,
});
const login = shop.credentials.console;
console.log(`Pouch demo shop on ${shop.url} (merchant ${shop.credentials.merchantId})`);
if (login) console.log(`Its merchant console: sign in as ${login.email} / ${login.password}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void shop.close().then(() => process.exit(0)));
