/**
 * The small key space clients contend over: a few top-level names, each with a few children,
 * two levels deep (`/a`, `/a/x`, `/a/x/y`), plus whatever sequential names the clients learn.
 */
import type { Prng } from '../prng';

/** The names the fixed key space is built from. */
export interface KeySpace {
  readonly topNames: readonly string[];
  readonly childNames: readonly string[];
}

/** `parent` joined with a child name. */
export function joinChild(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** A path of the fixed key space, shallow ones more often. */
export function fixedPath(rng: Prng, keys: KeySpace, maxDepth = 3): string {
  const depth = Math.min(maxDepth, rng.weighted<number>([[1, 4], [2, 4], [3, 2]]));
  let path = `/${rng.pick(keys.topNames)}`;
  for (let d = 2; d <= depth; d++) path += `/${rng.pick(keys.childNames)}`;
  return path;
}
