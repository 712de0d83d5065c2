/**
 * Which proxies the service believes (`TRUST_PROXY`), and so which address is the client's. The
 * client writes whatever it likes in `X-Forwarded-For`; only the entries our own proxies appended
 * are true. With their addresses given, a request is believed only when its socket comes from one
 * of them, and the client is the first address, walking back from the socket, that is not a proxy;
 * with a number of hops, it is that many entries back from the socket. Several `X-Forwarded-For`
 * lines are one list, in the order received (RFC 9110 §5.3), which Node's `Headers` already gives.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import type { TrustProxy } from '../config.ts';
import type { AppEnv } from './app-env.ts';

export interface ProxyTrust {
  /** True when this request came through the trusted proxies: its `X-Forwarded-*` are theirs. */
  believes(c: Context<AppEnv>): boolean;
  /** The client's address: the hop our proxies saw, else the socket's. */
  clientAddress(c: Context<AppEnv>): string;
}

/** Absent under `app.request(...)` without a binding: such a request is no proxy's. */
const UNKNOWN = 'unknown';

function socketAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? UNKNOWN;
}

/** Every `X-Forwarded-For` entry, oldest first, then the socket: the whole way the request came. */
function hops(c: Context<AppEnv>): string[] {
  const listed = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return [...listed, socketAddress(c)];
}

function blockListOf(proxies: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of proxies) {
    const [address = '', prefix] = item.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

export function createProxyTrust(setting: TrustProxy): ProxyTrust {
  if (setting === false) {
    return { believes: () => false, clientAddress: socketAddress };
  }

  if ('hops' in setting) {
    // Nothing tells a proxy from a client here: this setting is for a service only the proxies reach.
    return {
      believes: () => true,
      clientAddress(c) {
        const way = hops(c);
        return way[Math.max(0, way.length - 1 - setting.hops)] ?? UNKNOWN;
      },
    };
  }

  const proxies = blockListOf(setting.proxies);
  const isProxy = (address: string) => {
    const family = isIP(address);
    return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return {
    believes: (c) => isProxy(socketAddress(c)),
    clientAddress(c) {
      const way = hops(c);
      let at = way.length - 1;
      while (at > 0 && isProxy(way[at] ?? '')) at--;
      return way[at] ?? UNKNOWN;
    },
  };
}
