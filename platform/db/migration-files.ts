import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Migration, MigrationProvider } from 'kysely';

const FOLDER = join(import.meta.dirname, 'migrations');
const NAME = /^(\d{4}_[a-z0-9_]+)\.ts$/;

/**
 * The versioned migrations: one file each in ./migrations, named `NNNN_what.ts` so they sort in the
 * order they run, each exporting `up`. Never edit a shipped one; add the next. A file that does not
 * fit the pattern, or exports no `up`, stops the platform rather than being skipped.
 */
export const versionedMigrations: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const file of (await readdir(FOLDER)).sort()) {
      const name = NAME.exec(file)?.[1];
      if (!name) throw new Error(`invariant: ${file} in ${FOLDER} is not named NNNN_what.ts`);
      const module = (await import(join(FOLDER, file))) as Partial<Migration>;
      if (typeof module.up !== 'function') throw new Error(`invariant: migration ${file} exports no up()`);
      migrations[name] = { up: module.up };
    }
    return migrations;
  },
};
