/** A set that keeps only the `capacity` keys added last: memory of recent events that cannot grow without end. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value!);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
