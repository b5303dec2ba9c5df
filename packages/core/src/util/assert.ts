/** A broken invariant: the server's state can no longer be trusted, so it must stop. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/** Asserts an invariant; kept on in production (DESIGN §6.5). */
export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'string' ? message : message());
}
