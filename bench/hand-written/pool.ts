/**
 * Bounded concurrency by hand: at most `limit` promises in flight, the first failure fails all.
 */
export class InFlight {
  readonly #limit: number;
  readonly #pending = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Starts `task` once a slot is free. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.#pending.size >= this.#limit) await Promise.race(this.#pending);
    if (this.#failure) throw this.#failure.error;
    const running: Promise<void> = task().then(
      () => void this.#pending.delete(running),
      (error: unknown) => {
        this.#failure ??= { error };
        this.#pending.delete(running);
      },
    );
    this.#pending.add(running);
  }

  /** Waits for everything started. */
  async drain(): Promise<void> {
    await Promise.all(this.#pending);
    if (this.#failure) throw this.#failure.error;
  }
}
