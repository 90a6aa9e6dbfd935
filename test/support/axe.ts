import AxeBuilder from '@axe-core/playwright';
import type { AxeResults, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';

/** The faults a person would be stopped by (serious or critical), by rule and where. */
const serious = (violations: Result[]): string[] =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);

/** What axe finds serious or critical on the page as it stands, by rule and where. */
export async function seriousFaults(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return serious(violations);
}

const axeScript = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The same check in a Firefox page (Puppeteer over BiDi): axe's own script, run in the page. */
export async function seriousFaultsInFirefox(page: PuppeteerPage): Promise<string[]> {
  await page.evaluate(axeScript);
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    const { violations, passes } = await axe.run();
    return { violations, passes: passes.length };
  });
  if (passes === 0) throw new Error('axe checked nothing on this page');
  return serious(violations);
}
