import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { ORIGIN_VERIFICATION_PATH, OriginVerificationFileSchema } from '../../protocol/origin';
import type { Platform } from '../context';
import type { DB, Tx } from '../db/connect';
import type { MerchantOriginsTable } from '../db/schema';
import { EgressError, outbound, registrationFault, type EgressPolicy } from '../egress/outbound';
import { originNotFound, originsRefused, originVerificationFailed } from '../refusals';
import { enqueueEvent } from '../webhooks/outbox';

const FETCH_TIMEOUT_MS = 5_000;
const FILE_MAX_BYTES = 4_096;

export const originView = (row: Selectable<MerchantOriginsTable>) => ({
  origin: row.origin,
  status: row.status,
  verificationUrl: `${row.origin}${ORIGIN_VERIFICATION_PATH}`,
  verificationFile: { merchantId: row.merchant_id, token: row.token },
  verifiedAt: row.verified_at?.toISOString() ?? null,
  lastError: row.last_error,
});
export type OriginView = ReturnType<typeof originView>;

/**
 * Refuses origins the platform may not call (private, link-local, metadata…; loopback unless local
 * development allows it), before they are stored: verifying one would be a request Pouch never makes.
 * `field` names each origin as the request does (`origins.0`, or `origin`).
 */
export async function refuseUncallableOrigins(
  policy: EgressPolicy,
  origins: string[],
  field: (index: number) => string,
): Promise<void> {
  const faults = await Promise.all(origins.map((origin) => registrationFault(origin, policy)));
  const issues = faults.flatMap((fault, index) =>
    fault ? [{ field: field(index), expected: `a public origin (${fault})` }] : [],
  );
  if (issues.length) throw originsRefused(issues, faults.find(Boolean)!);
}

/** Adds origins to a merchant, pending until verified; one it already has keeps its state. */
export async function claimOrigins(tx: Tx | DB, merchantId: string, origins: string[]): Promise<void> {
  if (origins.length === 0) return;
  await tx
    .insertInto('merchant_origins')
    .values(
      origins.map((origin) => ({
        merchant_id: merchantId,
        origin,
        status: 'pending' as const,
        token: randomBytes(24).toString('base64url'),
      })),
    )
    .onConflict((oc) => oc.columns(['merchant_id', 'origin']).doNothing())
    .execute();
}

export async function merchantOrigins(db: DB | Tx, merchantId: string): Promise<OriginView[]> {
  const rows = await db
    .selectFrom('merchant_origins')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at')
    .orderBy('origin')
    .execute();
  return rows.map(originView);
}

/** A merchant's verified origins, as a subquery for reads that need them alongside the merchant. */
export const verifiedOriginsSql = (merchantId: RawBuilder<unknown> | string) =>
  sql<string[]>`array(SELECT origin FROM merchant_origins
    WHERE merchant_id = ${merchantId} AND status = 'verified' ORDER BY origin)`;

/** The origins a merchant has proven it controls: the only ones its tags and sign-ins may name. */
export async function verifiedOrigins(db: DB | Tx, merchantId: string): Promise<string[]> {
  const row = await db.selectNoFrom(verifiedOriginsSql(merchantId).as('origins')).executeTakeFirstOrThrow();
  return row.origins;
}

/**
 * Why an origin's verification file does not prove it, or null when it does. `definite`: the file is
 * gone or wrong (the origin is no longer the merchant's); otherwise the origin could not be asked
 * (refused, unreachable, slow, redirected) and may answer next time.
 */
type FileFault = { reason: string; definite: boolean } | null;
const unsure = (reason: string): FileFault => ({ reason, definite: false });
const wrong = (reason: string): FileFault => ({ reason, definite: true });

async function fileFault(p: Platform, row: Selectable<MerchantOriginsTable>): Promise<FileFault> {
  let response;
  try {
    response = await outbound(
      `${row.origin}${ORIGIN_VERIFICATION_PATH}`,
      { method: 'GET', headers: { accept: 'application/json' }, timeoutMs: FETCH_TIMEOUT_MS, maxBytes: FILE_MAX_BYTES },
      p.config.egress,
    );
  } catch (error) {
    if (error instanceof EgressError) return unsure(error.message);
    throw error;
  }
  if (response.status >= 300 && response.status < 400)
    return unsure(`redirected (HTTP ${response.status}); serve the file itself`);
  if (response.status === 404) return wrong(`not found (HTTP 404) at ${ORIGIN_VERIFICATION_PATH}`);
  if (response.status !== 200) return unsure(`HTTP ${response.status}`);
  return fileContentFault(response.headers['content-type'], response.body, row);
}

/** The file as the documents ask for it: JSON, served as such, exactly this origin's verificationFile. */
function fileContentFault(
  contentType: string | undefined,
  body: string,
  row: Selectable<MerchantOriginsTable>,
): FileFault {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? ''))
    return wrong(`served as ${contentType ?? 'no content type'}; serve it as application/json`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return wrong('the file is not JSON');
  }
  const file = OriginVerificationFileSchema.safeParse(json);
  if (!file.success) return wrong('the file is not exactly {"merchantId", "token"} (the verificationFile)');
  if (file.data.merchantId !== row.merchant_id) return wrong("the file names another merchant's id");
  if (file.data.token !== row.token) return wrong("wrong token: serve this origin's current verificationFile");
  return null;
}

/**
 * Marks an origin verified. Domains change hands: if another merchant held it, that merchant loses
 * it in the same transaction and hears so (`merchant.origin_lost`); its tags for the origin stop paying.
 */
async function takeOrigin(p: Platform, row: Selectable<MerchantOriginsTable>): Promise<void> {
  await p.db.transaction().execute(async (tx) => {
    const previous = await tx
      .updateTable('merchant_origins')
      .set({ status: 'pending', verified_at: null, last_error: 'verified by another merchant' })
      .where('origin', '=', row.origin)
      .where('status', '=', 'verified')
      .where('merchant_id', '<>', row.merchant_id)
      .returning('merchant_id')
      .executeTakeFirst();
    await tx
      .updateTable('merchant_origins')
      .set({ status: 'verified', verified_at: p.now(), checked_at: p.now(), last_error: null })
      .where('merchant_id', '=', row.merchant_id)
      .where('origin', '=', row.origin)
      .execute();
    if (previous) {
      const loser = await tx
        .selectFrom('merchants')
        .select(['id', 'webhook_url'])
        .where('id', '=', previous.merchant_id)
        .executeTakeFirstOrThrow();
      await enqueueEvent(tx, loser, 'merchant.origin_lost', { origin: row.origin, lostAt: p.now().toISOString() });
    }
  });
  p.kickWebhooks();
}

/** Claims another origin for the shop, pending until verified, refused unless Pouch may call it. */
export async function addOrigin(p: Platform, merchantId: string, origin: string): Promise<void> {
  await refuseUncallableOrigins(p.config.egress, [origin], () => 'origin');
  await claimOrigins(p.db, merchantId, [origin]);
}

/** Checks one of the merchant's origins now; a failure is recorded and refused with its reason. */
export async function verifyOrigin(p: Platform, merchantId: string, origin: string): Promise<OriginView> {
  const row = await p.db
    .selectFrom('merchant_origins')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('origin', '=', origin)
    .executeTakeFirst();
  if (!row) throw originNotFound(origin);
  const fault = await fileFault(p, row);
  if (fault) {
    await p.db
      .updateTable('merchant_origins')
      .set({ checked_at: p.now(), last_error: fault.reason })
      .where('merchant_id', '=', merchantId)
      .where('origin', '=', origin)
      .execute();
    throw originVerificationFailed(
      origin,
      fault.reason,
      `${origin}${ORIGIN_VERIFICATION_PATH} serving {"merchantId":"${merchantId}","token":"${row.token}"}`,
    );
  }
  await takeOrigin(p, row);
  return originView(
    await p.db
      .selectFrom('merchant_origins')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('origin', '=', origin)
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Checks again the verified origins last checked more than `everyMs` ago. A file that is gone or
 * wrong ends the verification; an unreachable origin keeps it until the next check (outages happen).
 */
export async function recheckOrigins(p: Platform, everyMs: number): Promise<number> {
  const due = await p.db
    .selectFrom('merchant_origins')
    .selectAll()
    .where('status', '=', 'verified')
    .where('checked_at', '<', new Date(p.now().getTime() - everyMs))
    .limit(50)
    .execute();
  for (const row of due) {
    const fault = await fileFault(p, row);
    const definite = fault?.definite === true;
    await p.db
      .updateTable('merchant_origins')
      .set({
        checked_at: p.now(),
        last_error: fault?.reason ?? null,
        ...(definite && { status: 'pending' as const, verified_at: null }),
      })
      .where('merchant_id', '=', row.merchant_id)
      .where('origin', '=', row.origin)
      .execute();
  }
  return due.length;
}
