import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../scripts/api-types';

describe("the clients' types", () => {
  it('are the ones the OpenAPI document generates today (npm run api:types)', async () => {
    const generated = await apiTypes();
    const kept = readFileSync(API_TYPES_FILE, 'utf8');
    // One assertion on a boolean: a 190 KB diff would bury the instruction.
    expect(kept === generated, 'protocol/platform-api.ts is stale: run `npm run api:types`').toBe(true);
  }, 30_000);
});
