/**
 * The last events of the emulated Data Group API (batches created and finished, notifications
 * sent), for tests: `emulator.dataGroup.events()`. Bounded, so a long run costs no memory.
 *
 * @packageDocumentation
 */
import type { DataGroupEvent } from './options.js';

/** The programmatic control published as `emulator.dataGroup`. */
export interface DataGroupControls {
  /** The most recent events, oldest first (at most 1,000). */
  events(): readonly DataGroupEvent[];
}

declare module '../context.js' {
  interface EmulatorControls {
    dataGroup: DataGroupControls;
  }
}

/** A ring of the most recent events. */
export class DataGroupEventLog {
  static readonly capacity = 1000;
  #events: DataGroupEvent[] = [];

  add(event: DataGroupEvent): void {
    this.#events.push(event);
    if (this.#events.length > DataGroupEventLog.capacity) this.#events.splice(0, this.#events.length - DataGroupEventLog.capacity);
  }

  list(): readonly DataGroupEvent[] {
    return [...this.#events];
  }

  clear(): void {
    this.#events = [];
  }
}
