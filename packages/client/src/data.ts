/** Node data as the API takes it: bytes, or a string sent as UTF-8. */
export type NodeData = Uint8Array | string | null;

const encoder = new TextEncoder();

export function toBytes(data: NodeData | undefined): Uint8Array | null {
  if (data === undefined || data === null) return null;
  return typeof data === 'string' ? encoder.encode(data) : data;
}
