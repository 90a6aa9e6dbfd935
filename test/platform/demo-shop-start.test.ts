import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnPlatform, type PlatformProcess } from '../support/platform-process';

/** `npm run demo-shop` as the README has it: how it ended (or that it started), and what it printed. */
async function runDemoShop(platformUrl: string): Promise<{ started: boolean; code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../../merchant/demo-shop/main.ts')],
    {
      env: {
        ...process.env,
        PORT: String(await freePort()),
        POUCH_PLATFORM_URL: platformUrl,
        POUCH_DATA: mkdtempSync(join(tmpdir(), 'demo-shop-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Pouch demo shop on')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ started: output.includes('Pouch demo shop on'), code, output: output.trim() });
    });
  });
}

/** A platform as `npm run platform` starts it: no POUCH_EGRESS_ALLOW_LOOPBACK unless given. */
const platformAsDocumented = async (env: Record<string, string | undefined>) =>
  spawnPlatform(
    { POUCH_EGRESS_ALLOW_LOOPBACK: undefined, POUCH_DATA: mkdtempSync(join(tmpdir(), 'platform-')), ...env },
    await freePort(),
  );

describe('npm run platform, then npm run demo-shop (the README’s other commands)', () => {
  let platform: PlatformProcess | undefined;
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
  });

  it('starts the demo shop against a platform started with no settings', async () => {
    platform = await platformAsDocumented({});
    const shop = await runDemoShop(platform.url);
    expect(shop.output).toContain('Pouch demo shop on http://localhost:');
    expect(shop.started).toBe(true);
  });

  it('ends in one sentence that says what to do when the platform may not call this machine', async () => {
    platform = await platformAsDocumented({ POUCH_EGRESS_ALLOW_LOOPBACK: '0' });
    const shop = await runDemoShop(platform.url);
    expect(shop.code).toBe(1);
    expect(shop.output.split('\n')).toHaveLength(1);
    expect(shop.output).toContain("refused the demo shop's sign-up");
    expect(shop.output).toContain('POUCH_EGRESS_ALLOW_LOOPBACK=1');
    expect(shop.output).not.toMatch(/\n\s+at /);
  });

  it('ends in one sentence when no platform answers', async () => {
    const shop = await runDemoShop(`http://127.0.0.1:${await freePort()}`);
    expect(shop.code).toBe(1);
    expect(shop.output).toMatch(
      /^No Pouch platform answers at http:\/\/127\.0\.0\.1:\d+: start one first \(npm run platform\)/,
    );
    expect(shop.output.split('\n')).toHaveLength(1);
  });
});
