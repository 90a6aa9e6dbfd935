/**
 * The HTTP clients' types, generated from the platform's own OpenAPI document by openapi-typescript:
 * `npm run api:types` writes them to protocol/platform-api.ts, which the extension's client, the
 * merchant kit and the tests' clients are typed by. A unit test fails while the file is stale, so a
 * changed path or body breaks the build, not a user.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { jsonApi, openApiDocument } from '../platform/api';

export const API_TYPES_FILE = resolve(import.meta.dirname, '../protocol/platform-api.ts');

const HEADER = `/**
 * The platform's HTTP API as TypeScript types, generated from its OpenAPI document (/openapi.json) by
 * openapi-typescript. Do not edit: run \`npm run api:types\` after changing an operation.
 */

`;

export async function apiTypes(): Promise<string> {
  const document = openApiDocument(jsonApi()) as unknown as OpenAPI3;
  return HEADER + astToString(await openapiTS(document));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(API_TYPES_FILE, await apiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
