import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeConnectRequest, decodeConnectResponse, encodeConnectRequest, encodeConnectResponse, JuteDecodeError,
} from '../src/index';
import { connectRequestArb, connectResponseArb } from './arbitraries';

describe('handshake', () => {
  it('round-trips ConnectRequest, with and without the readOnly byte', () => {
    fc.assert(fc.property(connectRequestArb, (req) => {
      const bytes = encodeConnectRequest(req);
      expect(bytes.length).toBe(req.readOnly === undefined ? 44 : 45);
      const back = decodeConnectRequest(bytes);
      expect(back).toEqual(req);
      expect('readOnly' in back).toBe(req.readOnly !== undefined);
    }));
  });

  it('round-trips ConnectResponse, writing readOnly only when set', () => {
    fc.assert(fc.property(connectResponseArb, (res) => {
      const bytes = encodeConnectResponse(res);
      expect(bytes.length).toBe(res.readOnly === undefined ? 36 : 37);
      expect(decodeConnectResponse(bytes)).toEqual(res);
    }));
  });

  it('rejects truncated handshakes and more than one trailing byte', () => {
    fc.assert(fc.property(connectRequestArb, fc.nat(43), (req, cut) => {
      expect(() => decodeConnectRequest(encodeConnectRequest(req).subarray(0, cut))).toThrow(JuteDecodeError);
    }));
    fc.assert(fc.property(connectResponseArb, fc.nat(35), (res, cut) => {
      expect(() => decodeConnectResponse(encodeConnectResponse(res).subarray(0, cut))).toThrow(JuteDecodeError);
    }));
    const withExtra = new Uint8Array(46);
    withExtra.set(encodeConnectRequest({
      protocolVersion: 0, lastZxidSeen: 0n, timeOut: 1, sessionId: 0n, passwd: new Uint8Array(16), readOnly: true,
    }));
    expect(() => decodeConnectRequest(withExtra)).toThrow(/trailing/);
  });

  it('reads a null password as empty', () => {
    const bytes = Uint8Array.from(Buffer.from(`00000000${'00'.repeat(8)}00001388${'00'.repeat(8)}ffffffff`, 'hex'));
    expect(decodeConnectRequest(bytes)).toEqual({
      protocolVersion: 0, lastZxidSeen: 0n, timeOut: 5000, sessionId: 0n, passwd: new Uint8Array(0),
    });
  });
});
