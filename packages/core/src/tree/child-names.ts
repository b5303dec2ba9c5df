/**
 * A node's child names, in creation order, that a snapshot in progress can share without a
 * copy. Copying the set of a parent with a million children on its first change after a
 * snapshot froze the tree would stall the server for a second; instead {@link fork} hands the
 * live node a view over the same (now read-only) set plus the changes made since, which
 * {@link compact} folds back in once the snapshot is written.
 */
export class ChildNames implements Iterable<string> {
  /** Not changed while forked: a frozen snapshot may be iterating it. */
  private base: Set<string>;
  /** Since the fork: names added (in order), and names of `base` deleted. Null when not forked. */
  private added: Set<string> | null = null;
  private removed: Set<string> | null = null;

  constructor(base: Set<string> = new Set()) {
    this.base = base;
  }

  get size(): number {
    if (this.added === null) return this.base.size;
    return this.base.size - this.removed!.size + this.added.size;
  }

  has(name: string): boolean {
    if (this.added === null) return this.base.has(name);
    return this.added.has(name) || (this.base.has(name) && !this.removed!.has(name));
  }

  add(name: string): void {
    if (this.added === null) this.base.add(name);
    else if (!this.has(name)) this.added.add(name);
  }

  delete(name: string): void {
    if (this.added === null) {
      this.base.delete(name);
    } else if (!this.added.delete(name) && this.base.has(name)) {
      this.removed!.add(name);
    }
  }

  /** Names in the order a plain Set would give: survivors of `base`, then those added since. */
  values(): IterableIterator<string> {
    return this.added === null ? this.base.values() : this.forkedValues(this.removed!, this.added);
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values();
  }

  private *forkedValues(removed: Set<string>, added: Set<string>): IterableIterator<string> {
    for (const name of this.base) if (!removed.has(name)) yield name;
    yield* added;
  }

  /**
   * A copy for the live node, sharing this one's names: from here on this one never changes
   * (the snapshot reads it), and the copy records its changes apart until {@link compact}.
   */
  fork(): ChildNames {
    const copy = new ChildNames(this.base);
    copy.added = new Set();
    copy.removed = new Set();
    return copy;
  }

  /** The snapshot no longer reads the shared set: fold the changes since the fork into it. */
  compact(): void {
    if (this.added === null) return;
    for (const name of this.removed!) this.base.delete(name);
    for (const name of this.added) this.base.add(name);
    this.added = null;
    this.removed = null;
  }
}
