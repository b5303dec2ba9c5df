import { describe, expect, it } from 'vitest';
import { ErrorCode, isConnectivityError, KeeperError } from '../../src/index';

describe('KeeperError', () => {
  it('carries the code, its ZooKeeper name and the path', () => {
    const e = new KeeperError(ErrorCode.NoNode, { path: '/x' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NoNode');
    expect(e.code).toBe(-101);
    expect(e.path).toBe('/x');
    expect(e.message).toBe('KeeperErrorCode = NoNode for /x');
    expect(String(e)).toBe('NoNode: KeeperErrorCode = NoNode for /x');
    expect(KeeperError.is(e, 'NoNode')).toBe(true);
    expect(KeeperError.is(e, 'NodeExists')).toBe(false);
    expect(new KeeperError(-999).name).toBe('Unknown(-999)');
  });

  it('classifies the errors after which an operation may or may not have happened', () => {
    expect(isConnectivityError(new KeeperError(ErrorCode.ConnectionLoss))).toBe(true);
    expect(isConnectivityError(new KeeperError(ErrorCode.OperationTimeout))).toBe(true);
    expect(isConnectivityError(new KeeperError(ErrorCode.RequestTimeout))).toBe(true);
    expect(isConnectivityError(new KeeperError(ErrorCode.SessionExpired))).toBe(false);
    expect(isConnectivityError(new Error('x'))).toBe(false);
  });
});
