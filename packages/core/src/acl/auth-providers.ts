/**
 * The authentication schemes ZooKeeper ships (world, auth, digest, ip, super): how `addauth`
 * turns credentials into an identity, and how an identity matches an ACL entry.
 */
import type { Id } from '@paddock/protocol';
import { decodeUtf8, encodeJavaUtf8 } from '@paddock/protocol';
import { base64, sha1 } from './sha1';

/** `digest` ids: `user:BASE64(SHA1("user:password"))` (`DigestAuthenticationProvider.generateDigest`). */
export function generateDigest(userColonPassword: string): string {
  const user = userColonPassword.split(':', 1)[0]!;
  return `${user}:${base64(sha1(encodeJavaUtf8(userColonPassword)))}`;
}

/** Outcome of an `addauth`: the identities to add, or null for AuthFailed. */
export function authenticate(
  scheme: string,
  credentials: Uint8Array | null,
  remoteHost: string,
  superDigest: string | null,
): Id[] | null {
  switch (scheme) {
    case 'digest': {
      const text = decodeUtf8(credentials ?? new Uint8Array());
      if (!text.includes(':')) return null;
      const digest = generateDigest(text);
      const ids: Id[] = [{ scheme: 'digest', id: digest }];
      if (superDigest !== null && digest === superDigest) ids.push({ scheme: 'super', id: '' });
      return ids;
    }
    case 'ip':
      return [{ scheme: 'ip', id: remoteHost }];
    default:
      return null;
  }
}

/** Whether an ACL entry's id is well formed for its scheme (`isValid`); unknown schemes are not. */
export function isValidAclId(id: Id): boolean {
  switch (id.scheme) {
    case 'world':
      return id.id === 'anyone';
    case 'digest':
      return id.id.split(':').length === 2;
    case 'ip':
      return parseIpMask(id.id) !== null;
    default:
      return false;
  }
}

/** Whether an authenticated identity satisfies an ACL entry's id of the same scheme. */
export function idMatches(auth: Id, aclId: Id): boolean {
  if (auth.scheme !== aclId.scheme) return false;
  if (auth.scheme === 'ip') {
    const addr = parseIp(auth.id);
    const mask = parseIpMask(aclId.id);
    if (!addr || !mask || addr.length !== mask.addr.length) return false;
    for (let bit = 0; bit < mask.bits; bit++) {
      const byte = bit >> 3;
      const m = 0x80 >> (bit & 7);
      if ((addr[byte]! & m) !== (mask.addr[byte]! & m)) return false;
    }
    return true;
  }
  return auth.id === aclId.id;
}

/** Schemes whose identities the `auth` ACL scheme expands to (`isAuthenticated`). */
export function isAuthenticatedScheme(scheme: string): boolean {
  return scheme === 'digest';
}

/** The user name whoAmI reports for an identity (`getUserName`). */
export function userName(id: Id): string {
  return id.scheme === 'digest' ? id.id.split(':', 1)[0]! : id.id;
}

function parseIpMask(text: string): { addr: number[]; bits: number } | null {
  const [host, bitsText] = text.split('/', 2) as [string, string | undefined];
  const addr = parseIp(host);
  if (!addr) return null;
  const max = addr.length * 8;
  if (bitsText === undefined) return { addr, bits: max };
  if (!/^\d+$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  return bits <= max ? { addr, bits } : null;
}

function parseIp(text: string): number[] | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((p) => p <= 255) ? parts : null;
  }
  if (!text.includes(':')) return null;
  const [head, tail] = text.split('::', 2) as [string, string | undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return null;
  const all = [...h, ...Array<string>(missing).fill('0'), ...t];
  const out: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    out.push(v >> 8, v & 0xff);
  }
  return out;
}
