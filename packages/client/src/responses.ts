/**
 * Narrowing a reply body to the shape its request promises. A mismatch means the server
 * broke the protocol; it surfaces as MarshallingError rather than as a wrong value.
 */
import { ErrorCode, OpCode, type ACL, type ClientInfo, type Response, type Stat } from '@paddock/protocol';
import { KeeperError } from './keeper-error';

function mismatch(body: Response | null, expected: string): never {
  throw new KeeperError(ErrorCode.MarshallingError, { reason: `expected a ${expected} reply, got ${body === null ? 'no body' : `op ${body.op}`}` });
}

export function statOf(body: Response | null): Stat {
  if (body?.op === OpCode.exists || body?.op === OpCode.setData || body?.op === OpCode.setACL) return body.stat;
  return mismatch(body, 'Stat');
}

export function dataOf(body: Response | null): { data: Uint8Array | null; stat: Stat } {
  if (body?.op === OpCode.getData || body?.op === OpCode.reconfig) return { data: body.data, stat: body.stat };
  return mismatch(body, 'data');
}

export function childrenOf(body: Response | null): { children: string[]; stat: Stat } {
  if (body?.op === OpCode.getChildren2) return { children: [...body.children], stat: body.stat };
  return mismatch(body, 'children');
}

export function createdOf(body: Response | null): { path: string; stat: Stat } {
  if (body?.op === OpCode.create2 || body?.op === OpCode.createContainer || body?.op === OpCode.createTTL) {
    return { path: body.path, stat: body.stat };
  }
  return mismatch(body, 'create');
}

export function aclOf(body: Response | null): { acl: ACL[]; stat: Stat } {
  if (body?.op === OpCode.getACL) return { acl: [...body.acl], stat: body.stat };
  return mismatch(body, 'ACL');
}

export function ephemeralsOf(body: Response | null): string[] {
  if (body?.op === OpCode.getEphemerals) return [...body.ephemerals];
  return mismatch(body, 'getEphemerals');
}

export function countOf(body: Response | null): number {
  if (body?.op === OpCode.getAllChildrenNumber) return body.totalNumber;
  return mismatch(body, 'getAllChildrenNumber');
}

export function clientInfoOf(body: Response | null): ClientInfo[] {
  if (body?.op === OpCode.whoAmI) return [...body.clientInfo];
  return mismatch(body, 'whoAmI');
}
