import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The platform as its own OS process (`platform/main.ts`): for the topology, the benchmarks and the tests. */
export interface PlatformProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM: the platform finishes what it is doing and exits. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-request, as a crash or an out-of-memory kill leaves it. */
  kill(): Promise<void>;
}

/**
 * Starts `platform/main.ts` on loopback `port` and waits until it answers /healthz. `env` adds to this
 * process's environment; a variable set to undefined is left out. `cpuProfileDir` has Node write a CPU
 * profile there when the process stops (`node --cpu-prof`).
 */
export async function spawnPlatformProcess(
  env: Record<string, string | undefined>,
  port: number,
  options: { cpuProfileDir?: string } = {},
): Promise<PlatformProcess> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const main = resolve(import.meta.dirname, '../platform/main.ts');
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', main], {
    env: definedOnly({ ...process.env, PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`platform did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
