import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../platform/auth';
import { ConfigError, configFromEnv } from '../../platform/config';

describe('the platform’s settings from the environment', () => {
  it('has working defaults', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8787',
      trustedProxies: [],
    });
    expect(config.escrowHoldMs).toBe(7 * 86_400_000);
    expect(config.replicaUrl).toBeUndefined();
  });

  it('reads what tolerates lag from a replica only when given one beside the primary', () => {
    const both = {
      DATABASE_URL: 'postgres://primary/pouch',
      POUCH_SECRET_KEY: 'cG91Y2gtdGVzdC1zZWNyZXQta2V5LTMyLWJ5dGVzLi4',
    };
    expect(configFromEnv(both).replicaUrl).toBeUndefined();
    expect(configFromEnv({ ...both, DATABASE_REPLICA_URL: 'postgres://replica/pouch' }).replicaUrl).toBe(
      'postgres://replica/pouch',
    );
  });

  it('lets a local development platform call this machine, and a public one only when told', () => {
    expect(configFromEnv({}).egress.allowLoopback).toBe(true);
    expect(configFromEnv({ POUCH_EGRESS_ALLOW_LOOPBACK: '0' }).egress.allowLoopback).toBe(false);
    expect(configFromEnv({ POUCH_PUBLIC_URL: 'https://pay.example' }).egress.allowLoopback).toBe(false);
    expect(configFromEnv({ HOST: '0.0.0.0' }).egress.allowLoopback).toBe(false);
    expect(configFromEnv({ HOST: '0.0.0.0', POUCH_EGRESS_ALLOW_LOOPBACK: '1' }).egress.allowLoopback).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', 'expected a port number'],
    ['PORT', '70000', 'expected a port number'],
    ['POUCH_CARD_TIMEOUT_MS', 'soon', 'card network timeout'],
    ['POUCH_ESCROW_DAYS', '1.5', 'escrow hold in whole days'],
    ['POUCH_WALLETS_PER_HOUR', '-3', 'wallet creations'],
    ['DATABASE_URL', 'mysql://x', 'postgres://'],
    ['DATABASE_REPLICA_URL', 'replica.local', 'streaming replica of DATABASE_URL'],
    ['DATABASE_REPLICA_URL', 'postgres://replica/pouch', 'expected only with DATABASE_URL'],
    ['POUCH_TRUSTED_PROXIES', '10.0.0.1, proxy.local', 'IP addresses'],
    ['POUCH_ABANDONED_CHARGE_MS', '1000', 'at least 10 times POUCH_CARD_TIMEOUT_MS'],
    ['POUCH_EGRESS_ALLOW_LOOPBACK', 'yes', 'expected 1'],
  ])('refuses %s=%s, naming the variable and what it expects', (name, value, expected) => {
    const error = (() => {
      try {
        configFromEnv({ [name]: value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}: `);
    expect((error as Error).message).toContain(expected);
  });
});

describe('the client address behind proxies', () => {
  const request = (socket: string, forwarded: string | undefined, trustedProxies: string[]) =>
    clientAddress({
      req: { header: (name) => (name === 'x-forwarded-for' ? forwarded : undefined) },
      env: { incoming: { socket: { remoteAddress: socket } } },
      var: { platform: { config: { trustedProxies } } },
    });

  it('believes no X-Forwarded-For from a client that is not a configured proxy', () => {
    expect(request('203.0.113.9', '1.2.3.4', [])).toBe('203.0.113.9');
    expect(request('203.0.113.9', '1.2.3.4', ['10.0.0.1'])).toBe('203.0.113.9');
  });

  it('takes the rightmost address that is not a proxy, ignoring what the client wrote before it', () => {
    expect(request('::ffff:10.0.0.1', 'spoofed, 198.51.100.7, 10.0.0.2', ['10.0.0.1', '10.0.0.2'])).toBe(
      '198.51.100.7',
    );
  });
});
