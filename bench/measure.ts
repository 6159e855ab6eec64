/**
 * Measurement inside a scenario's own process: phase timers with CPU time, an RSS sample every
 * 50 ms against the records processed so far (the memory chart), and the process's peak RSS.
 * Nothing here touches the record path except `records`, a counter the scenario moves.
 */

/** The figures of one phase. */
export interface PhaseFigures {
  readonly records: number;
  /** CSV bytes of the records moved (the input file's size, pro rata). */
  readonly bytes: number;
  readonly ms: number;
  /** User + system CPU time of the client process during the phase. */
  readonly cpuMs: number;
  /** Highest RSS sampled during the phase. */
  readonly peakRssBytes: number;
}

/** One RSS sample. */
export interface MemorySample {
  readonly ms: number;
  readonly rssBytes: number;
  readonly records: number;
}

/** What a scenario process reports to the bench. */
export interface ScenarioResult {
  readonly phases: Partial<Record<PhaseName, PhaseFigures>>;
  /** The process's peak RSS (`maxRSS`), which also catches peaks between samples. */
  readonly peakRssBytes: number;
  readonly cpuMs: number;
  readonly samples: readonly MemorySample[];
  /** Scenario-specific facts (retries, requests, settings). */
  readonly details: Readonly<Record<string, unknown>>;
}

export type PhaseName = 'limit' | 'upload' | 'job' | 'download' | 'endToEnd' | 'uploadPlain' | 'uploadBatches' | 'downloadPlain' | 'downloadPages';

const SAMPLE_INTERVAL_MS = 50;

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Measures one scenario process. */
export class Meter {
  /** Records processed so far; the scenario advances it as it goes. */
  records = 0;
  readonly #origin = performance.now();
  readonly #samples: MemorySample[] = [];
  readonly #phases: Partial<Record<PhaseName, PhaseFigures>> = {};
  readonly #timer: NodeJS.Timeout;
  readonly #bytesPerRecord: number;
  /** The highest RSS seen so far by each running phase (phases may nest). */
  readonly #running = new Map<PhaseName, number>();

  constructor(bytesPerRecord: number) {
    this.#bytesPerRecord = bytesPerRecord;
    this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
    this.#timer.unref();
    this.#sample();
  }

  #sample(): void {
    const rssBytes = process.memoryUsage.rss();
    for (const [name, peak] of this.#running) if (rssBytes > peak) this.#running.set(name, rssBytes);
    this.#samples.push({ ms: Math.round(performance.now() - this.#origin), rssBytes, records: this.records });
  }

  /** Times `work`, which resolves the number of records it moved. */
  async phase(name: PhaseName, work: () => Promise<number>): Promise<number> {
    this.#running.set(name, 0);
    this.#sample();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const records = await work();
    const ms = performance.now() - start;
    this.#sample();
    this.#phases[name] = {
      records,
      bytes: Math.round(records * this.#bytesPerRecord),
      ms,
      cpuMs: cpuMsSince(cpu),
      peakRssBytes: this.#running.get(name) ?? 0,
    };
    this.#running.delete(name);
    return records;
  }

  /** Stops sampling and returns every figure. */
  finish(details: Readonly<Record<string, unknown>> = {}): ScenarioResult {
    this.#sample();
    clearInterval(this.#timer);
    const usage = process.resourceUsage();
    return {
      phases: this.#phases,
      peakRssBytes: usage.maxRSS * 1024,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      samples: this.#samples,
      details,
    };
  }
}
