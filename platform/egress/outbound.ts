import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusedAddress } from './addresses';

/** How the platform calls out: only where the policy allows, capped in time and size, never redirected. */
export interface EgressPolicy {
  /** Local development and tests: loopback addresses may be called (never link-local or metadata). */
  allowLoopback: boolean;
}

/** An outbound call that did not happen or did not finish, in the platform's own words. */
export class EgressError extends Error {
  constructor(
    readonly kind: 'refused' | 'unresolved' | 'timeout' | 'too_large' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
}

interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The addresses a URL's host resolves to, checked against the policy; every one must pass. */
async function checkedAddresses(url: URL, policy: EgressPolicy): Promise<{ address: string; family: 4 | 6 }[]> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new EgressError('refused', 'refused by the egress policy: only http and https');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new EgressError('unresolved', `the name ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new EgressError('unresolved', `the name ${host} does not resolve`);
  for (const { address } of addresses) {
    const why = refusedAddress(address, policy.allowLoopback);
    if (why) throw new EgressError('refused', `refused by the egress policy: ${host} is ${why}`);
  }
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/**
 * Calls a URL the policy allows. The name is resolved and checked once, and the connection goes to
 * that checked address (no second lookup a DNS rebinding could answer differently). Redirects are
 * not followed: a 3xx is an answer like any other. The body is read up to `maxBytes`.
 */
export async function outbound(
  target: string,
  request: OutboundRequest,
  policy: EgressPolicy,
): Promise<OutboundResponse> {
  const url = new URL(target);
  const addresses = await checkedAddresses(url, policy);
  // Every address given back was checked; the connection tries them in order (IPv4 and IPv6 alike).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const length = request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) };
    const headers = { ...request.headers, ...length };
    const req = client.request(url, { method: request.method, headers, lookup: pinned });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(error instanceof EgressError ? error : new EgressError('failed', 'the connection failed'));
      req.destroy();
    };
    const timer = setTimeout(() => fail(new EgressError('timeout', 'timed out')), request.timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes)
          fail(new EgressError('too_large', `the answer is larger than ${request.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(request.body);
  });
}

/**
 * Checks a URL a merchant registers (its webhook): refused when it names, or resolves to, an address
 * the policy forbids. A name that does not resolve yet is accepted: every call checks it again.
 */
export async function registrationFault(target: string, policy: EgressPolicy): Promise<string | null> {
  try {
    await checkedAddresses(new URL(target), policy);
    return null;
  } catch (error) {
    if (error instanceof EgressError && error.kind === 'refused') return error.message;
    if (error instanceof EgressError && error.kind === 'unresolved') return null;
    throw error;
  }
}
