import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQL_REFUSALS } from '../../platform/db/refusal';
import { REPEATABLE_SQL } from '../../platform/db/repeatable';

const PLATFORM = resolve(import.meta.dirname, '../../platform');

/** Every file under platform/ whose name passes `keep`, as a path relative to platform/. */
const filesUnder = (keep: (name: string) => boolean): string[] =>
  readdirSync(PLATFORM, { recursive: true, encoding: 'utf8' })
    .filter(keep)
    .map((file) => relative(PLATFORM, join(PLATFORM, file)))
    .sort();

describe("the platform's SQL", () => {
  it('applies every .sql file beside its code as a repeatable migration, and only files that exist', () => {
    expect(filesUnder((name) => name.endsWith('.sql'))).toEqual([...REPEATABLE_SQL].sort());
  });

  it('has an API refusal for every refusal code the SQL raises or returns, and uses every one it has', () => {
    const sources = [
      ...filesUnder((name) => name.endsWith('.sql')),
      ...filesUnder((name) => /^db\/migrations\/\d{4}_\w+\.ts$/.test(name)),
    ];
    const raised = new Set(
      sources.flatMap((file) =>
        [
          ...readFileSync(join(PLATFORM, file), 'utf8').matchAll(
            /(?:ERRCODE = 'RF001', MESSAGE = |pay_refusal\()'(\w+)'/g,
          ),
        ].map((match) => match[1]!),
      ),
    );
    expect([...raised].sort()).toEqual(Object.keys(SQL_REFUSALS).sort());
  });
});
