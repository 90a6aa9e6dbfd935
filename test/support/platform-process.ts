import { TEST_SECRET_KEY_TEXT } from './config';
import { freePort, spawnPlatformProcess, type PlatformProcess } from '../../scripts/platform-process';

export { freePort, type PlatformProcess };

/**
 * The platform as its own OS process, set up as the tests and benchmarks need it: their merchants run
 * on this machine, so loopback calls are allowed, as in local development; secrets sealed under the
 * tests' key, so processes sharing a database open each other's. `env` adds to or overrides that.
 */
export function spawnPlatform(
  env: Record<string, string | undefined>,
  port: number,
  options: { cpuProfileDir?: string } = {},
): Promise<PlatformProcess> {
  return spawnPlatformProcess(
    { POUCH_EGRESS_ALLOW_LOOPBACK: '1', POUCH_SECRET_KEY: TEST_SECRET_KEY_TEXT, ...env },
    port,
    options,
  );
}
