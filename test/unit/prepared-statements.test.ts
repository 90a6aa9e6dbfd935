import { describe, expect, it } from 'vitest';
import { StatementNames } from '../../platform/db/prepared-statements';

describe('which statements are prepared', () => {
  it('names a statement from its third sending on, always with the same name', () => {
    const names = new StatementNames();
    const text = 'select "id" from "wallets" where "id" = $1';
    expect([names.nameFor(text), names.nameFor(text)]).toEqual([undefined, undefined]);
    const name = names.nameFor(text);
    expect(name).toMatch(/^pouch_[0-9a-f]{40}$/);
    expect(names.nameFor(text)).toBe(name);
    expect(new StatementNames().nameFor(text)).toBeUndefined();
  });

  it('never names a statement with a star, which a migration adding a column would break', () => {
    const names = new StatementNames();
    for (const text of ['select * from "payments" where "id" = $1', 'insert into t ("a") values ($1) returning *'])
      for (let i = 0; i < 5; i++) expect(names.nameFor(text)).toBeUndefined();
  });

  it('prepares at most 200 statements, however many different ones are sent', () => {
    const names = new StatementNames();
    const named = Array.from({ length: 300 }, (_, i) => {
      const text = `select "id" from "t" where "n" = $1 and "m" = ${i}`;
      names.nameFor(text);
      names.nameFor(text);
      return names.nameFor(text);
    });
    expect(named.filter(Boolean)).toHaveLength(200);
    expect(new Set(named.filter(Boolean)).size).toBe(200);
  });
});
