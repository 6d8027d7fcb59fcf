// Remembers which cumulative objects (Apify runs, Firecrawl crawls, Cloro tasks) were already recorded, so that
// polling the same object again never counts its cost twice. Bounded: the oldest keys are forgotten first.

export class OnceSet {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time a key is offered, false on every later offer (until it ages out). */
  add(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
