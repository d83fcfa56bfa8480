/** Progress reporting of a search: the running statistics, every so many decisions. */

/** Calls `report` with the statistics (their `seconds` brought up to date) every `every` ticks. */
export class Progress<S extends { seconds: number }> {
  #since = 0;
  readonly #stats: S;
  readonly #started: number;
  readonly #report: ((stats: S) => void) | undefined;
  readonly #every: number;

  constructor(stats: S, started: number, report: ((stats: S) => void) | undefined, every = 1000) {
    this.#stats = stats;
    this.#started = started;
    this.#report = report;
    this.#every = every;
  }

  /** One decision made. */
  tick(): void {
    if (++this.#since < this.#every) return;
    this.#since = 0;
    this.#stats.seconds = (Date.now() - this.#started) / 1000;
    this.#report?.(this.#stats);
  }
}
