import type { Context } from 'hono';
import type { AppEnv } from './context.js';

/**
 * The client address a request comes from, grouped as one sender controls it: an IPv4 address
 * whole, an IPv6 address by its /64 (one subscriber's prefix). Undefined when the runtime cannot
 * tell (an in-process test): such requests share one group.
 */
export function clientAddressGroup(c: Context<AppEnv>): string | undefined {
  const deps = c.get('deps');
  const header = deps.config.members.clientAddressHeader;
  const address = header
    ? c.req.header(header)?.split(',')[0]?.trim()
    : deps.clientAddress?.(c.req.raw, c.env);
  if (address === undefined || address === '') return undefined;
  return address.includes(':') ? ipv6Prefix(address) : address;
}

function ipv6Prefix(address: string): string {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const missing = Math.max(0, 8 - left.length - right.length);
  const groups = address.includes('::') ? [...left, ...Array(missing).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
