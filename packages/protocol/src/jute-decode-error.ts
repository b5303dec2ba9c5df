/**
 * Thrown when bytes do not form the jute record being read: truncated input, a negative
 * length other than -1 (null), a length running past the end of the input, trailing bytes,
 * or a value the protocol does not allow in that place.
 */
export class JuteDecodeError extends Error {
  override readonly name = 'JuteDecodeError';
}
