/**
 * Counting the cases a randomized test really ran. Property tests and seeded loops skip draws that
 * do not qualify (non-generic data, empty polytopes, …); without a count, a change that makes every
 * draw skip would leave a test that cannot fail. Count both, and require enough real cases.
 */
import { expect } from 'vitest';

export class CaseCount {
  ran = 0;
  skipped = 0;
  constructor(readonly name: string) {}

  /** A case that is tested. */
  run(): void {
    this.ran++;
  }

  /** A draw that does not qualify (say why in a comment where it is skipped). */
  skip(): void {
    this.skipped++;
  }

  /** Fails unless at least `min` cases ran. */
  expectAtLeast(min: number): void {
    expect(this.ran, `${this.name}: ${this.ran} cases ran, ${this.skipped} were skipped; at least ${min} must run`).toBeGreaterThanOrEqual(min);
  }
}
