import { mkdirSync } from 'node:fs';

/**
 * Where a screenshot goes: test-results, or the folder POUCH_SCREENSHOTS names (`npm run screenshots`
 * writes the README's pictures to docs/screenshots from the same tests).
 */
const DIR = process.env.POUCH_SCREENSHOTS ?? 'test-results';
mkdirSync(DIR, { recursive: true });

export const screenshotPath = (name: string): string => `${DIR}/${name}.png`;
