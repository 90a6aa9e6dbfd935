import { describe, expect, it } from 'vitest';
import { sqlStatements } from '../../platform/db/sql-statements';

describe('a .sql file split into statements', () => {
  it('splits at the semicolons that end statements, keeping bodies, strings and comments whole', () => {
    const text = `-- a file header; with a semicolon
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
-- why g exists
CREATE FUNCTION g(t text) RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
  RETURN 'it''s; done' || "odd;name"; -- not; the end
END $body$;
/* a block; comment */ SELECT ';'
`;
    expect(sqlStatements(text)).toEqual([
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$',
      `CREATE FUNCTION g(t text) RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
  RETURN 'it''s; done' || "odd;name"; -- not; the end
END $body$`,
      "/* a block; comment */ SELECT ';'",
    ]);
  });

  it('refuses a dollar-quoted body that is never closed', () => {
    expect(() => sqlStatements('CREATE FUNCTION f() AS $$ SELECT 1;')).toThrow('never closed');
  });

  it('has nothing to run in a file of comments', () => {
    expect(sqlStatements('-- nothing here;\n\n')).toEqual([]);
  });
});
