import { join } from 'node:path';
import { configFolder, startDaemon, type Daemon } from './daemon';

/**
 * HAProxy on loopback `port`, sharing requests between the platform processes on `backends` (ports)
 * in turn. It checks each one's /healthz every 200 ms and stops sending to one that fails twice; a
 * request it could not connect anywhere with is tried on the other process (redispatch). A request a
 * process dies in the middle of is answered 502, never sent twice: payments are not idempotent without
 * their key, so the client retries with the same Idempotency-Key, and the platform answers it once.
 * The platform trusts HAProxy's X-Forwarded-For (POUCH_TRUSTED_PROXIES=127.0.0.1).
 */
export function startHaproxy(port: number, backends: number[]): Promise<Daemon> {
  const servers = backends.map(
    (backend, i) => `  server platform${i + 1} 127.0.0.1:${backend} check inter 200 fall 2 rise 1`,
  );
  const folder = configFolder(() => ({
    'haproxy.cfg': `global
  maxconn 2000

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch 1
  option forwardfor

frontend pouch
  bind 127.0.0.1:${port}
  default_backend platforms

backend platforms
  balance roundrobin
  # Which process answered, for the operator (and the kill test) to see.
  http-response set-header X-Pouch-Process %s
  option httpchk GET /healthz
  http-check expect status 200
${servers.join('\n')}
`,
  }));
  return startDaemon(['haproxy', '-db', '-f', join(folder, 'haproxy.cfg')], port, 'HAProxy');
}
