// The key under which per-address limits count a client (public budget, identity challenges, tips).
// An IPv4 address is its own key. An IPv6 client usually holds a whole /64 (one customer line, one
// SLAAC network) and may take any address in it, so IPv6 addresses count per /64 — as
// @fastify/rate-limit does for the per-route limits — else a client rotating the low 64 bits has a
// fresh budget for every request (found by the 2026-12-06 re-test of issue 17). IPv4-mapped IPv6
// (::ffff:192.0.2.1) is the IPv4 address. Pure.
import { isIPv4, isIPv6 } from 'node:net';

export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const bare = ip.replace(/%.*$/, ''); // zone id (fe80::1%eth0)
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return ip;
  const groups = expandIPv6(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  return groups.slice(0, 4).map((g) => g.toString(16)).join(':') + '::/64';
}

// Eight 16-bit groups of a valid IPv6 address (isIPv6 checked it), an embedded IPv4 tail included.
function expandIPv6(ip: string): number[] {
  let s = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    s = s.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}
