/** A broken rule. The run stops at the first one and reports its name and a short witness. */
export class Violation extends Error {
  constructor(readonly rule: string, readonly witness: string) {
    super(`${rule}: ${witness}`);
    this.name = 'Violation';
  }
}

/** Runs `run`; the rule it broke, or null. Anything else thrown is a simulator bug and propagates. */
export function brokenRule(run: () => void): Violation | null {
  try {
    run();
    return null;
  } catch (e) {
    if (!(e instanceof Violation)) throw e;
    return e;
  }
}

/** Throws a {@link Violation} of `rule`. */
export function violation(rule: string, witness: string): never {
  throw new Violation(rule, witness);
}
