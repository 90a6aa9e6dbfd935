import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, migrations } from './migrations';
import { DB_NAME, type PouchDB } from './schema';

export type WalletDB = IDBPDatabase<PouchDB>;

/** Opens the wallet database, running every migration the stored version has not seen yet. */
export function openWalletDB(name = DB_NAME, version = DB_VERSION): Promise<WalletDB> {
  return openDB<PouchDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      // IndexedDB commits the new version when the upgrade's requests end: a migration that throws
      // aborts it, so the wallet is never left at the new version with half its data moved.
      void (async () => {
        for (let v = oldVersion; v < (newVersion ?? version); v++) await migrations[v](db, tx);
      })().catch((error: unknown) => {
        console.error('[pouch] a wallet database migration failed; the upgrade is undone', error);
        tx.abort();
      });
    },
  });
}
