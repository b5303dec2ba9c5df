/**
 * Chroot: the client sees the subtree under `chroot` as its root. Request paths are prefixed on
 * the way out; paths the server returns (created names, sync, ephemerals, watch events) are
 * stripped on the way in, as the Java client does.
 */
import { OpCode, type MultiResult, type Request, type Response } from '@paddock/protocol';

/** The server path of `clientPath` under `chroot` (`''` means none). */
export function prependChroot(chroot: string, clientPath: string): string {
  if (chroot === '') return clientPath;
  return clientPath === '/' ? chroot : chroot + clientPath;
}

/**
 * The client path of `serverPath`. A path outside the chroot (only `/zookeeper/config`, whose
 * getConfig bypasses the chroot) is returned unchanged.
 */
export function stripChroot(chroot: string, serverPath: string): string {
  if (chroot === '') return serverPath;
  if (serverPath === chroot) return '/';
  if (serverPath.startsWith(chroot + '/')) return serverPath.slice(chroot.length);
  return serverPath;
}

/** `request` with every path it carries moved under `chroot`. */
export function requestWithChroot(chroot: string, request: Request): Request {
  if (chroot === '') return request;
  const at = (p: string): string => prependChroot(chroot, p);
  switch (request.op) {
    case OpCode.multi:
      return { ...request, ops: request.ops.map((op) => ({ ...op, path: at(op.path) })) };
    case OpCode.multiRead:
      return { ...request, ops: request.ops.map((op) => ({ ...op, path: at(op.path) })) };
    case OpCode.getEphemerals:
      return { ...request, prefixPath: at(request.prefixPath) };
    case OpCode.setWatches:
    case OpCode.setWatches2:
    case OpCode.reconfig:
    case OpCode.auth:
    case OpCode.sasl:
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.whoAmI:
      // setWatches is built from server paths already; the others carry no path.
      return request;
    default:
      return { ...request, path: at(request.path) };
  }
}

function multiResultWithoutChroot(chroot: string, result: MultiResult): MultiResult {
  switch (result.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { ...result, path: stripChroot(chroot, result.path) };
    default:
      return result;
  }
}

/** `response` with every server path it carries given back as a client path. */
export function responseWithoutChroot(chroot: string, response: Response): Response {
  if (chroot === '') return response;
  switch (response.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.sync:
      return { ...response, path: stripChroot(chroot, response.path) };
    case OpCode.multi:
    case OpCode.multiRead:
      return { ...response, results: response.results.map((r) => multiResultWithoutChroot(chroot, r)) };
    case OpCode.getEphemerals:
      return { ...response, ephemerals: response.ephemerals.map((p) => stripChroot(chroot, p)) };
    default:
      return response;
  }
}
