import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server the topology runs in the foreground as a child process (HAProxy, PgBouncer). */
export interface Daemon {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A folder for a daemon's configuration that the `postgres` user can read too: PgBouncer refuses to run
 * as root, so as root it runs as that user.
 */
export function configFolder(files: (folder: string) => Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'pouch-topology-'));
  chmodSync(folder, 0o755);
  for (const [name, text] of Object.entries(files(folder))) writeFileSync(join(folder, name), text, { mode: 0o644 });
  return folder;
}

/** Runs `command` and waits until something listens on loopback `port`; fails with its output if it exits. */
export async function startDaemon(command: string[], port: number, name: string): Promise<Daemon> {
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
