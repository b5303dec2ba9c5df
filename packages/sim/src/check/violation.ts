/** A broken rule. The run stops at the first one and reports its name and a short witness. */
export class Violation extends Error {
  constructor(readonly rule: string, readonly witness: string) {
    super(`${rule}: ${witness}`);
    this.name = 'Violation';
  }
}

/** Throws a {@link Violation} of `rule`. */
export function violation(rule: string, witness: string): never {
  throw new Violation(rule, witness);
}
