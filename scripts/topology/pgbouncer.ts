import { join } from 'node:path';
import { configFolder, startDaemon, type Daemon } from './daemon';

/**
 * PgBouncer on loopback `port` in front of the PostgreSQL server `primaryUrl` names (any database on
 * it, by the name the client asks for), in session mode: a client keeps its server connection while
 * connected, so the platform's prepared statements stay valid. The role and password are the URL's.
 */
export function startPgBouncer(primaryUrl: string, port: number): Promise<Daemon> {
  const url = new URL(primaryUrl);
  const folder = configFolder((folder) => ({
    'userlist.txt': `"${decodeURIComponent(url.username)}" "${decodeURIComponent(url.password)}"\n`,
    'pgbouncer.ini': `[databases]
* = host=${url.hostname} port=${url.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${join(folder, 'userlist.txt')}
pool_mode = session
max_client_conn = 500
default_pool_size = 50
`,
  }));
  // PgBouncer will not run as root.
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  return startDaemon([...asUser, 'pgbouncer', join(folder, 'pgbouncer.ini')], port, 'PgBouncer');
}
