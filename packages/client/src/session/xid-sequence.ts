/**
 * Client xids, as the Java client numbers them (`ClientCnxn.getXid`): 1, 2, ... and back to 1
 * when the counter reaches 2^31-1, so the largest xid ever used is 2^31-2. Negative xids are
 * reserved for pings, auth, setWatches and notifications.
 */
export const MAX_XID = 0x7fffffff;

export class XidSequence {
  private nextXid: number;

  constructor(first = 1) {
    if (!Number.isInteger(first) || first < 1 || first >= MAX_XID) throw new RangeError(`bad first xid ${first}`);
    this.nextXid = first;
  }

  /** The xid for the next request. */
  next(): number {
    if (this.nextXid === MAX_XID) this.nextXid = 1;
    return this.nextXid++;
  }
}
