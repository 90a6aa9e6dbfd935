import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, migrations } from './migrations';
import { DB_NAME, type PouchDB } from './schema';

export type WalletDB = IDBPDatabase<PouchDB>;

/** Opens the wallet database, running every migration the stored version has not seen yet. */
export function openWalletDB(name = DB_NAME, version = DB_VERSION): Promise<WalletDB> {
  return openDB<PouchDB>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) await migrations[v](db, tx);
    },
  });
}
