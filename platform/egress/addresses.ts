import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Where an outbound call may not go, and why: the words the merchant sees. */
const NEVER: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local or cloud metadata address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a protocol-assignment address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fc00::', 7, 'ipv6', 'a unique-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
  ['fd00:ec2::254', 128, 'ipv6', 'a cloud metadata address'],
];
const LOOPBACK: [string, number, 'ipv4' | 'ipv6'][] = [
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
];

const never = NEVER.map(([net, prefix, type, why]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, why };
});
const loopback = new BlockList();
for (const [net, prefix, type] of LOOPBACK) loopback.addSubnet(net, prefix, type);

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIPv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = parseInt(match[2]!, 16);
  const low = parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Why the platform may not call this IP address, or null if it may. Loopback only when the local
 * development setting allows it; link-local, metadata and private ranges never.
 */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = isIPv4(bare) ? bare : embeddedIPv4(bare);
  const [ip, type] = v4 ? [v4, 'ipv4' as const] : [bare, 'ipv6' as const];
  if (type === 'ipv6' && !isIPv6(ip)) return 'not an IP address';
  if (loopback.check(ip, type)) return allowLoopback ? null : 'a loopback address';
  return never.find((range) => range.type === type && range.list.check(ip, type))?.why ?? null;
}
