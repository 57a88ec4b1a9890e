import { BlockList, isIP } from 'node:net';

/**
 * Addresses no evidence link should point at: private networks, loopback, link-local, shared and
 * reserved ranges. A portfolio PDF travels to assessors and employers; a clickable link to
 * 10.0.0.5 or to 169.254.169.254 from inside it is at best useless and at worst a probe.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address carried in an IPv6 one (::ffff:10.0.0.1, written by URL as ::ffff:a00:1). */
function embeddedIpv4(address: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return undefined;
  const [high, low] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function isPublicAddress(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '');
  const version = isIP(address);
  if (version === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  const mapped = embeddedIpv4(address);
  if (mapped) return !NOT_PUBLIC.check(mapped, 'ipv4');
  return !NOT_PUBLIC.check(address, 'ipv6');
}

/**
 * Why a link must not be followed from a portfolio, or undefined when it may. The WHATWG URL
 * parser normalises the tricks (`http://2130706433/`, `0x7f.1`, `[::ffff:127.0.0.1]`) first.
 */
export function linkProblem(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  // https://www.gov.uk@evil.example/ reads as gov.uk and goes to evil.example.
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine';
  if (isIP(host.replace(/^\[|\]$/g, '')) && !isPublicAddress(host)) {
    return 'must not point at a private or reserved network address';
  }
  return undefined;
}

export const isSafeLink = (link: string): boolean => linkProblem(link) === undefined;

/**
 * Control and format characters (Unicode Cc and Cf): zero-width spaces and joiners, bidirectional
 * embeddings, overrides and isolates, the BOM. Invisible, they make two addresses that look the
 * same differ, or one that reads `moc.example@` differ from what it is.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export const hasInvisibleCharacters = (value: string): boolean => INVISIBLE.test(value);
