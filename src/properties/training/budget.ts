/**
 * The run budget of a training search: a cap on the number of LPs solved (`--max-lps`) and a
 * wall-clock deadline (`--timeout`). Exhausting it is not an error but an answer: the search
 * stops and reports "unknown" with the best network found so far (exit code 3 at the CLI).
 */
import type { Limit } from '../../errors.js';
import { stopReason } from '../../stopCondition.js';

/** Thrown inside the search when the budget is exhausted; caught by the search itself. */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
  readonly limit: Extract<Limit, 'timeout' | 'max-lps' | 'interrupted'>;
  constructor(limit: Extract<Limit, 'timeout' | 'max-lps' | 'interrupted'>) {
    super(limit === 'timeout' ? 'the time limit was reached' : limit === 'interrupted' ? 'the run was interrupted' : 'the LP limit was reached');
    this.limit = limit;
  }
}

/** Counts LPs and watches the clock. */
export class Budget {
  /** LPs solved so far (dichotomy LPs and pattern LPs). */
  lps = 0;
  readonly #maxLps: number;
  readonly #deadline: number;

  /**
   * @param maxLps largest number of LPs allowed (default: unlimited)
   * @param timeoutMs wall-clock limit in milliseconds from now (default: unlimited)
   */
  constructor(maxLps: number = Number.POSITIVE_INFINITY, timeoutMs: number = Number.POSITIVE_INFINITY) {
    this.#maxLps = maxLps;
    this.#deadline = Date.now() + timeoutMs;
  }

  /** Records one more LP about to be solved; throws {@link BudgetExhausted} when it would exceed a limit. */
  spend(): void {
    if (this.lps >= this.#maxLps) throw new BudgetExhausted('max-lps');
    const stop = stopReason(this.#deadline);
    if (stop !== undefined) throw new BudgetExhausted(stop);
    this.lps++;
  }
}
