/**
 * The coordinator's own session for setup and cleanup: creating and removing the parent znodes
 * of each workload and checking what the servers hold. Every reply is decoded in full.
 */
import { ErrorCode, OpCode, errorCodeName } from '@paddock/protocol';
import { call } from './load/call';
import type { Target } from './load/jobs';
import { createRequest } from './load/requests';
import { BenchSession } from './load/session';

/** A setup/cleanup session on one server. */
export class Control {
  private constructor(private readonly session: BenchSession) {}

  /** Opens a control session on `target`. */
  static async open(target: Target): Promise<Control> {
    return new Control(await BenchSession.open({ ...target, maxInFlight: 1 }, 0));
  }

  /** Creates `path` (persistent) unless it exists. */
  async ensure(path: string, data: Uint8Array = new Uint8Array(0)): Promise<void> {
    const { header } = await call(this.session, createRequest(path, data));
    if (header.err !== 0 && header.err !== ErrorCode.NodeExists) throw failure('create', path, header.err);
  }

  /** Deletes `path` if it exists; it must have no children. */
  async remove(path: string): Promise<void> {
    const { header } = await call(this.session, { op: OpCode.delete, path, version: -1 });
    if (header.err !== 0 && header.err !== ErrorCode.NoNode) throw failure('delete', path, header.err);
  }

  /**
   * The data of `path`, read after a `sync`: on a member of an ensemble, every write
   * acknowledged to any client before this call is then visible.
   */
  async read(path: string): Promise<Uint8Array> {
    const synced = await call(this.session, { op: OpCode.sync, path });
    if (synced.header.err !== 0) throw failure('sync', path, synced.header.err);
    const reply = await call(this.session, { op: OpCode.getData, path, watch: false });
    if (reply.header.err !== 0 || reply.body?.op !== OpCode.getData) throw failure('getData', path, reply.header.err);
    return reply.body.data ?? new Uint8Array(0);
  }

  /** Ends the session. */
  async close(): Promise<void> {
    await this.session.close();
  }
}

function failure(op: string, path: string, err: number): Error {
  return new Error(`${op} ${path} failed: ${errorCodeName(err)} (${err})`);
}
