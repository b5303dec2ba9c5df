import { verdict, type CheckResult } from './result.js';

/**
 * Every member converges to the same tree: after healing and settling, each member's copy of
 * the run's subtree (read directly from it after a sync) is identical, data and stat. `trees`
 * maps member id to its canonical dump (path, then node line), or undefined when unreadable.
 */
export function checkConvergence(trees: ReadonlyMap<number, readonly string[] | undefined>): CheckResult {
  const name = 'members converge';
  const unread = [...trees].filter(([, lines]) => lines === undefined).map(([id]) => id);
  if (unread.length > 0) {
    return { name, status: 'inconclusive', checked: trees.size - unread.length, problems: [`members ${unread.join(', ')} could not be read`] };
  }
  const problems: string[] = [];
  const [[firstId, first] = [0, []], ...rest] = [...trees] as Array<[number, readonly string[]]>;
  for (const [id, lines] of rest) {
    const difference = firstDifference(first, lines);
    if (difference !== undefined) problems.push(`member ${id} differs from member ${firstId}: ${difference}`);
  }
  return verdict(name, trees.size, problems, 'no member was read');
}

function firstDifference(a: readonly string[], b: readonly string[]): string | undefined {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    if (a[i] !== b[i]) return `line ${i + 1}: ${a[i] ?? '(end)'} vs ${b[i] ?? '(end)'}`;
  }
  return undefined;
}
