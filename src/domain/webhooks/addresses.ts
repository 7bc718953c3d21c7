/**
 * Whether an IP address is one a webhook must never reach: loopback, private, link-local,
 * carrier-grade NAT, multicast, documentation, benchmarking and other special-purpose ranges
 * (IANA's special-purpose registries), and IPv6 forms that embed such an IPv4 address. An endpoint
 * could otherwise be pointed at the operator's own network (SSRF).
 */
export function isInternalAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return isInternalIpv4(v4);
  const v6 = parseIpv6(address);
  return v6 === undefined ? true : isInternalIpv6(v6);
}

/** The literal IP address a URL host names (brackets removed), or undefined for a name. */
export function literalAddress(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return parseIpv4(bare) !== undefined || parseIpv6(bare) !== undefined ? bare : undefined;
}

/** [network, prefix length] of the IPv4 ranges that are not the public internet. */
const INTERNAL_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function isInternalIpv4(value: number): boolean {
  return INTERNAL_IPV4.some(([network, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (parseIpv4(network) ?? -1);
  });
}

function isInternalIpv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = ((g6 << 16) | g7) >>> 0;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address they carry.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0))
    return isInternalIpv4(embedded);
  // NAT64 (64:ff9b::/96) translates to the IPv4 address it carries.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return isInternalIpv4(embedded);
  // 6to4 (2002::/16) tunnels to the IPv4 address in its next 32 bits.
  if (g0 === 0x2002) return isInternalIpv4(((g1 << 16) | g2) >>> 0);
  // Only global unicast (2000::/3) is the internet; within it, 2001::/23 holds Teredo, ORCHID and
  // benchmarking, and 2001:db8::/32 is documentation.
  if ((g0 & 0xe000) !== 0x2000) return true;
  if (g0 === 0x2001 && g1 < 0x200) return true;
  return g0 === 0x2001 && g1 === 0xdb8;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Eight 16-bit groups, with `::` expanded and a trailing dotted IPv4 part converted. */
function parseIpv6(text: string): number[] | undefined {
  const address = text.split('%')[0] ?? '';
  if (!/^[0-9a-fA-F:.]+$/.test(address) || address.split('::').length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) groups.push(Number.parseInt(piece, 16));
      else return undefined;
    }
    return groups;
  };
  const [head = '', tail] = address.split('::');
  const first = toGroups(head);
  const last = tail === undefined ? [] : toGroups(tail);
  if (first === undefined || last === undefined) return undefined;
  if (tail === undefined) return first.length === 8 ? first : undefined;
  const missing = 8 - first.length - last.length;
  return missing < 1 ? undefined : [...first, ...new Array<number>(missing).fill(0), ...last];
}
