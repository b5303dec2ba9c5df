/**
 * Codecs for the small records that many messages embed: Id, ACL, Stat and vectors of ACLs
 * and strings. Exported for core (snapshots, digests) and the client.
 */
import type { ACL, Id, Stat } from './records';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';

/** Writes `Id{ustring scheme; ustring id}`. */
export function writeId(w: JuteWriter, id: Id): void {
  w.ustring(id.scheme).ustring(id.id);
}

/** Reads an `Id`; null strings are rejected. */
export function readId(r: JuteReader): Id {
  const scheme = r.requiredUstring('Id.scheme');
  // kazoo writes an empty id (as the `auth` scheme takes) as null; ZooKeeper reads it as ''.
  const id = r.ustring() ?? '';
  return { scheme, id };
}

/** Writes `ACL{int perms; Id id}`. */
export function writeACL(w: JuteWriter, acl: ACL): void {
  w.int(acl.perms);
  writeId(w, acl.id);
}

/** Reads an `ACL`. */
export function readACL(r: JuteReader): ACL {
  const perms = r.int();
  const id = readId(r);
  return { perms, id };
}

/** `vector<ACL>`. */
export function writeACLVector(w: JuteWriter, acls: readonly ACL[]): void {
  w.int(acls.length);
  for (const acl of acls) writeACL(w, acl);
}

/** `vector<ACL>`; a null vector (-1) reads as empty, which ZooKeeper rejects as InvalidACL alike. */
export function readACLVector(r: JuteReader): ACL[] {
  // An ACL is at least an int and two string lengths.
  const n = r.vectorCount(12);
  const out: ACL[] = [];
  for (let i = 0; i < n; i++) out.push(readACL(r));
  return out;
}

/** `vector<ustring>`. */
export function writeStringVector(w: JuteWriter, list: readonly string[]): void {
  w.int(list.length);
  for (const s of list) w.ustring(s);
}

/** `vector<ustring>`; a null vector (-1) reads as empty. Null elements are rejected. */
export function readStringVector(r: JuteReader, field: string): string[] {
  const n = r.vectorCount(4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.requiredUstring(`${field}[${i}]`));
  return out;
}

/** Writes a `Stat`: 6 longs and 5 ints, 68 bytes. */
export function writeStat(w: JuteWriter, s: Stat): void {
  w.long(s.czxid).long(s.mzxid).long(s.ctime).long(s.mtime);
  w.int(s.version).int(s.cversion).int(s.aversion);
  w.long(s.ephemeralOwner);
  w.int(s.dataLength).int(s.numChildren);
  w.long(s.pzxid);
}

/** Reads a `Stat`. */
export function readStat(r: JuteReader): Stat {
  const czxid = r.long();
  const mzxid = r.long();
  const ctime = r.long();
  const mtime = r.long();
  const version = r.int();
  const cversion = r.int();
  const aversion = r.int();
  const ephemeralOwner = r.long();
  const dataLength = r.int();
  const numChildren = r.int();
  const pzxid = r.long();
  return { czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, dataLength, numChildren, pzxid };
}
