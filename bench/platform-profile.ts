/**
 * Where the platform spends its time on payments: 16 wallets pay one shop on PostgreSQL (or, with
 * `--pglite`, on the embedded PGlite) for 6 s while the platform process runs under `node --cpu-prof`;
 * then the profile's samples from those seconds are summed by function (self time) and by the platform's
 * own files (inclusive). `npm run profile:platform [-- --pglite]`; the profile itself stays in the
 * printed folder, for Chrome DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnPlatform } from '../test/support/platform-process';
import { createDatabase, postgresAdminUrl } from '../test/support/postgres';
import { webhookReceiver } from '../test/support/webhook-receiver';
import { signUpMerchant, TestWallet } from '../test/support/wallet-client';
import { printTable } from './stats';

const WALLETS = 16;
const SECONDS = 6;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Each sample's time (µs on the profile's clock, when it was taken, and how long it stands for) and its stack. */
function samples(profile: Profile): { at: number; us: number; stack: ProfileNode['callFrame'][] }[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = (id: number) => {
    const stack: ProfileNode['callFrame'][] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(nodes.get(n)!.callFrame);
    return stack;
  };
  let at = profile.startTime;
  return profile.samples.map((id, i) => {
    at += profile.timeDeltas[i]!;
    return { at, us: profile.timeDeltas[i]!, stack: stackOf(id) };
  });
}

/** Milliseconds by function (self) and by the platform's own files (inclusive), over the payments' seconds. */
function summarise(profile: Profile) {
  const all = samples(profile);
  // The measured seconds: from the first to the last sample whose stack passes through the payment route.
  const paying = all.filter((s) => s.stack.some((frame) => frame.url.endsWith('platform/payments/pay.ts')));
  const from = paying[0]?.at ?? 0;
  const to = paying.at(-1)?.at ?? 0;
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us / 1000);
  let total = 0;
  for (const { at, us, stack } of all) {
    if (at < from || at > to) continue;
    total += us / 1000;
    const [top] = stack;
    add(self, `${top!.functionName || '(anonymous)'} ${top!.url.split('/').slice(-2).join('/')}`, us);
    const own = stack.map((f) => f.url).filter((url) => url.includes('/platform/') && !url.includes('node_modules'));
    for (const url of new Set(own)) add(files, url.slice(url.lastIndexOf('/platform/') + 1), us);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, ms]) => ({ name, ms: ms.toFixed(0), share: `${((100 * ms) / total).toFixed(1)} %` }));
  return { self: rows(self), files: rows(files) };
}

const folder = mkdtempSync(join(tmpdir(), 'pouch-profile-'));
const pglite = process.argv.includes('--pglite');
const postgres = pglite ? null : await createDatabase(postgresAdminUrl(), 'pouch_profile');
const receiver = await webhookReceiver();
const limits = {
  POUCH_WALLETS_PER_HOUR: '100000',
  POUCH_SIGNUPS_PER_HOUR: '1000',
  POUCH_PAYMENTS_PER_MINUTE: '1000000',
};
const database = postgres ? { DATABASE_URL: postgres.url } : { POUCH_DATA: mkdtempSync(join(tmpdir(), 'pouch-data-')) };
const server = await spawnPlatform({ ...database, ...limits }, await freePort(), {
  cpuProfileDir: folder,
});
/** Transactions PostgreSQL committed in the profile's database: every statement outside a transaction is one. */
const commits = async () => {
  if (!postgres) return 0;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  await client.end();
  return Number(rows[0]!.n);
};
/** The measured seconds: how many payments, and how many transactions PostgreSQL committed meanwhile. */
async function pay(): Promise<{ payments: number; committed: number }> {
  const merchant = await signUpMerchant(server.url, { name: 'Profiled shop', webhookUrl: receiver.url });
  const wallets = await Promise.all(
    Array.from({ length: WALLETS }, async () => {
      const wallet = await TestWallet.create(server.url);
      await wallet.topUp(await wallet.addCard(), 10_000_000);
      return wallet;
    }),
  );
  const tags = await Promise.all(Array.from({ length: 4000 }, () => merchant.tag({ amount: 100 })));
  const before = await commits();
  let payments = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    wallets.map(async (wallet) => {
      for (let tag = tags.pop(); tag && Date.now() < deadline; tag = tags.pop()) {
        if ((await wallet.pay(tag)).status !== 201) throw new Error('a payment failed');
        payments++;
      }
    }),
  );
  // The statistics collector reports a moment late; the platform is idle by now but for its timers.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { payments, committed: (await commits()) - before };
}

let measured: Awaited<ReturnType<typeof pay>>;
try {
  measured = await pay();
} finally {
  await server.stop();
  await receiver.close();
  await postgres?.drop();
}
const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Profile;
const { self, files } = summarise(profile);
const { payments, committed } = measured;
printTable(
  `Platform profile: ${payments} payments by ${WALLETS} wallets in ${SECONDS} s on ${pglite ? 'PGlite' : 'PostgreSQL'} (self time)`,
  self,
);
printTable('The platform’s own files (inclusive time)', files);
if (postgres)
  console.log(`\nPostgreSQL transactions per payment: ${(committed / payments).toFixed(1)} (each a round trip)`);
console.log(`Profile: ${join(folder, file)}`);
