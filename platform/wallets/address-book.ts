import { AddressBodySchema, type Address, type SavedAddress, type Sharing } from '../../protocol/sharing';
import type { Platform } from '../context';
import { newId } from '../ids';
import { addressLimitReached, addressNotFound } from '../refusals';

/**
 * The shopper's delivery addresses and contact email, sealed at rest, each bound to its row; what a
 * payment or a sign-in shares of them with a shop is ./shares.ts.
 */

const MOST_ADDRESSES = 10;

const context = {
  address: (walletId: string, id: string) => `wallet-address:${walletId}:${id}`,
  contact: (walletId: string) => `wallet-contact:${walletId}`,
};

async function openAddress(p: Platform, walletId: string, row: { id: string; sealed: string }): Promise<SavedAddress> {
  const address = AddressBodySchema.parse(JSON.parse(await p.box.open(row.sealed, context.address(walletId, row.id))));
  return { id: row.id, ...address };
}

/** The wallet's addresses (oldest first) and contact, opened. */
export async function sharingOf(p: Platform, walletId: string): Promise<Sharing> {
  const [rows, wallet] = await Promise.all([
    p.db
      .selectFrom('wallet_addresses')
      .select(['id', 'sealed'])
      .where('wallet_id', '=', walletId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    p.db.selectFrom('wallets').select('contact_sealed').where('id', '=', walletId).executeTakeFirstOrThrow(),
  ]);
  const contact = wallet.contact_sealed ? await p.box.open(wallet.contact_sealed, context.contact(walletId)) : null;
  return {
    addresses: await Promise.all(rows.map((row) => openAddress(p, walletId, row))),
    contact: contact ? { email: contact } : null,
  };
}

export async function addAddress(p: Platform, walletId: string, address: Address): Promise<Sharing> {
  const id = newId('adr');
  const sealed = await p.box.seal(JSON.stringify(address), context.address(walletId, id));
  await p.db.transaction().execute(async (tx) => {
    // The wallet's row serialises additions, so parallel ones cannot pass the limit together.
    await tx.selectFrom('wallets').select('id').where('id', '=', walletId).forUpdate().executeTakeFirstOrThrow();
    const { n } = await tx
      .selectFrom('wallet_addresses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('wallet_id', '=', walletId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MOST_ADDRESSES) throw addressLimitReached(MOST_ADDRESSES);
    await tx.insertInto('wallet_addresses').values({ id, wallet_id: walletId, sealed }).execute();
  });
  return sharingOf(p, walletId);
}

export async function updateAddress(p: Platform, walletId: string, id: string, address: Address): Promise<Sharing> {
  const sealed = await p.box.seal(JSON.stringify(address), context.address(walletId, id));
  const updated = await p.db
    .updateTable('wallet_addresses')
    .set({ sealed, updated_at: p.now() })
    .where('id', '=', id)
    .where('wallet_id', '=', walletId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw addressNotFound();
  return sharingOf(p, walletId);
}

export async function removeAddress(p: Platform, walletId: string, id: string): Promise<Sharing> {
  const removed = await p.db
    .deleteFrom('wallet_addresses')
    .where('id', '=', id)
    .where('wallet_id', '=', walletId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw addressNotFound();
  return sharingOf(p, walletId);
}

/** Saves the contact email, or forgets it (null). */
export async function setContact(p: Platform, walletId: string, email: string | null): Promise<Sharing> {
  const sealed = email === null ? null : await p.box.seal(email, context.contact(walletId));
  await p.db.updateTable('wallets').set({ contact_sealed: sealed }).where('id', '=', walletId).execute();
  return sharingOf(p, walletId);
}
