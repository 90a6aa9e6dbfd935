import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

/** A column as compared between platform/db/schema.ts and the database: its kind, null, and whether it has a default. */
interface ColumnShape {
  kind: 'text' | 'number' | 'boolean' | 'timestamp' | 'json';
  nullable: boolean;
  generated: boolean;
}

const KIND_OF_REFERENCE: Record<string, ColumnShape['kind']> = {
  Minor: 'number',
  Timestamp: 'timestamp',
  Date: 'timestamp',
  JSONColumnType: 'json',
};

function kindOf(type: ts.TypeNode): ColumnShape['kind'] {
  if (type.kind === ts.SyntaxKind.StringKeyword) return 'text';
  if (type.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return 'text';
  if (ts.isTypeReferenceNode(type) && KIND_OF_REFERENCE[type.typeName.getText()])
    return KIND_OF_REFERENCE[type.typeName.getText()]!;
  throw new Error(`schema.ts: no column kind for the type ${type.getText()}`);
}

function shapeOf(type: ts.TypeNode): ColumnShape {
  let generated = false;
  if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'Generated') {
    generated = true;
    type = type.typeArguments![0]!;
  }
  const members = ts.isUnionTypeNode(type) ? [...type.types] : [type];
  const isNull = (t: ts.TypeNode) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
  const kinds = new Set(members.filter((t) => !isNull(t)).map(kindOf));
  if (kinds.size !== 1) throw new Error(`schema.ts: a column of mixed kinds, ${type.getText()}`);
  return { kind: [...kinds][0]!, nullable: members.some(isNull), generated };
}

/** Every table platform/db/schema.ts declares, read from its source: table → column → shape. */
export function declaredSchema(): Map<string, Map<string, ColumnShape>> {
  const file = resolve(import.meta.dirname, '../../platform/db/schema.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const properties = (name: string) =>
    interfaces
      .get(name)!
      .members.filter(ts.isPropertySignature)
      .map((m) => [m.name.getText(), m.type!] as const);
  return new Map(
    properties('Database').map(([table, type]) => [
      table,
      new Map(properties(type.getText()).map(([column, columnType]) => [column, shapeOf(columnType)])),
    ]),
  );
}

const KIND_OF_SQL: Record<string, ColumnShape['kind']> = {
  text: 'text',
  integer: 'number',
  bigint: 'number',
  boolean: 'boolean',
  'timestamp with time zone': 'timestamp',
  jsonb: 'json',
};

/** A column as information_schema.columns describes it, in the same terms. */
export function columnShape(column: { data_type: string; is_nullable: string; column_default: string | null }) {
  const kind = KIND_OF_SQL[column.data_type];
  if (!kind) throw new Error(`no column kind for the SQL type ${column.data_type}`);
  return { kind, nullable: column.is_nullable === 'YES', generated: column.column_default !== null };
}
