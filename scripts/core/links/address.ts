/**
 * Addresses a link checker must never be tricked into requesting: private networks, loopback,
 * link-local, multicast, unspecified and reserved ranges, in IPv4 and IPv6, including IPv4
 * addresses wrapped in IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network, unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation (TEST-NET-1, -2, -3)
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, and the deprecated IPv4-compatible ::a.b.c.d
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, if any. */
function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

/** True for any address a public link must not resolve to. Unparseable input counts as private. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return blocked.check(bare, 'ipv4');
  if (isIPv6(bare)) {
    const inner = embeddedIPv4(bare);
    if (inner !== undefined) return blocked.check(inner, 'ipv4');
    return blocked.check(bare, 'ipv6');
  }
  return true;
}

/** Names that never lead to a public site: RFC 6761 (localhost), 6762 (.local), 8375 (home.arpa), and .internal (reserved by ICANN for private use). */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|home\.arpa)\.?$/i;

/**
 * Why a host (as WHATWG URL writes it: IPv4 in dotted decimal whatever the link spelled, IPv6 in
 * brackets) cannot be a public site, or undefined. The data rules ask before a link is published;
 * the link checker asks isPrivateAddress of every address a name resolves to.
 */
export function privateHost(hostname: string, isPrivate: (address: string) => boolean = isPrivateAddress): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIPv4(bare) || isIPv6(bare)) return isPrivate(bare) ? 'a private, loopback, link-local or reserved address' : undefined;
  return LOCAL_NAME.test(hostname) ? 'a local name, not one on the public internet' : undefined;
}

/**
 * Why a URL may not be requested at all, before any network traffic; undefined when it may.
 * A private address or local name in the URL is refused here, in words that name only the host:
 * connecting first would tell a closed port ("connection refused") from an open one, which is
 * a probe of the network the checker runs in. `isPrivate` is for tests (see CheckerOptions).
 */
export function refusedUrl(url: URL, allowPrivate: boolean, isPrivate: (address: string) => boolean = isPrivateAddress): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not checked (http and https only)`;
  if (url.username || url.password) return 'URLs with credentials are refused';
  const why = allowPrivate ? undefined : privateHost(url.hostname, isPrivate);
  return why === undefined ? undefined : `${url.hostname} is ${why}: not requested`;
}
