/**
 * Decides, per request, whether to inject a fault. Random faults draw from one seeded
 * sequence (the nth faultable request always gets the same decision for the same seed);
 * plans count matching requests and fire on the ones they name.
 *
 * @packageDocumentation
 */
import { createRandom } from '../random.js';
import type { RandomSource } from '../context.js';
import { checkFaultOptions, checkFaultPlan } from './check.js';
import type { FaultControl, FaultDecision, FaultOptions, FaultPlan, FaultPlanState } from './types.js';

interface ActivePlan {
  readonly id: number;
  readonly plan: FaultPlan;
  readonly method: string | undefined;
  readonly pattern: RegExp;
  matched: number;
  fired: number;
}

/** Compiles a plan's path pattern: `*` is one segment, `**` any number. */
export function compilePathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '**') return '.*';
      return segment
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The injector behind `emulator.faults` and `/_emulator/faults`. */
export class FaultInjector implements FaultControl {
  readonly #defaultSeed: number;
  #options: FaultOptions = {};
  #random: RandomSource;
  #plans: ActivePlan[] = [];
  #nextPlanId = 1;
  #randomActive = false;
  #inFlight = 0;

  constructor(defaultSeed: number, options: FaultOptions = {}) {
    this.#defaultSeed = defaultSeed;
    this.#random = createRandom(defaultSeed);
    this.set(options);
  }

  set(options: FaultOptions): void {
    checkFaultOptions(options);
    this.#options = { ...options };
    this.#random = createRandom(options.seed ?? this.#defaultSeed);
    const [min, max] = options.latencyMs ?? [0, 0];
    this.#randomActive =
      (options.rate429 ?? 0) > 0 || (options.rate503 ?? 0) > 0 || (options.dropRate ?? 0) > 0 || max > 0 || min > 0;
  }

  settings(): FaultOptions {
    return { ...this.#options };
  }

  plan(plan: FaultPlan): number {
    checkFaultPlan(plan);
    const id = this.#nextPlanId++;
    this.#plans.push({
      id,
      plan,
      method: plan.method?.toUpperCase(),
      pattern: compilePathPattern(plan.path),
      matched: 0,
      fired: 0,
    });
    return id;
  }

  plans(): readonly FaultPlanState[] {
    return this.#plans.map((active) => ({ ...active.plan, id: active.id, matched: active.matched, fired: active.fired }));
  }

  clear(): void {
    this.set({});
    this.#plans = [];
  }

  /** Token lifetime while faults are set, or `undefined` to use the emulator's. */
  tokenTtlSeconds(): number | undefined {
    return this.#options.tokenTtlSeconds;
  }

  /**
   * Counts one more API request being served (`'counted'`: call `release` once its answer is
   * done), or answers the 429 decision when `maxInFlight` are already; `undefined` when no limit is set.
   */
  admit(): FaultDecision | 'counted' | undefined {
    const max = this.#options.maxInFlight;
    if (max === undefined) return undefined;
    if (this.#inFlight >= max) return { latencyMs: 0, status: 429, retryAfterSeconds: this.#options.retryAfterSeconds ?? 1, source: `inflight>${max}` };
    this.#inFlight += 1;
    return 'counted';
  }

  /** Ends a request `admit` counted. */
  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  /** Whether random faults apply to the token endpoint. */
  faultsTokenEndpoint(): boolean {
    return this.#options.tokenEndpoint === true;
  }

  /**
   * The decision for one request (`path` without its query), or `undefined` for none.
   * `random: false` consults plans only (the token endpoint, unless asked for).
   */
  decide(method: string, path: string, random: boolean): FaultDecision | undefined {
    if (this.#plans.length > 0) {
      const planned = this.#fromPlans(method, path);
      if (planned) return planned;
    }
    if (!random || !this.#randomActive) return undefined;
    return this.#fromRandom();
  }

  #fromPlans(method: string, path: string): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    for (const active of this.#plans) {
      if (active.method !== undefined && active.method !== method) continue;
      if (!active.pattern.test(path)) continue;
      active.matched += 1;
      const first = active.plan.nth ?? 1;
      const last = first + (active.plan.times ?? 1) - 1;
      if (decision === undefined && active.matched >= first && active.matched <= last) {
        active.fired += 1;
        const { fault } = active.plan;
        const source = `plan #${active.id}`;
        if ('status' in fault) {
          decision = { latencyMs: 0, status: fault.status, source, ...retryAfter(fault.retryAfterSeconds) };
        } else if ('drop' in fault) decision = { latencyMs: 0, drop: fault.drop, source };
        else decision = { latencyMs: fault.latencyMs, source };
      }
    }
    return decision;
  }

  // Always two draws per request (fault, latency), whatever happens, so a seed fixes the sequence.
  #fromRandom(): FaultDecision | undefined {
    const options = this.#options;
    const roll = this.#random.next();
    const [min, max] = options.latencyMs ?? [0, 0];
    const latencyRoll = this.#random.next();
    const latencyMs = max > 0 ? Math.round(min + latencyRoll * (max - min)) : 0;
    const retryAfterSeconds = options.retryAfterSeconds ?? 1;
    const rate429 = options.rate429 ?? 0;
    const rate503 = options.rate503 ?? 0;
    const dropRate = options.dropRate ?? 0;
    if (roll < rate429) return { latencyMs, status: 429, retryAfterSeconds, source: 'random' };
    if (roll < rate429 + rate503) return { latencyMs, status: 503, retryAfterSeconds, source: 'random' };
    if (roll < rate429 + rate503 + dropRate) {
      const mode = options.dropMode ?? 'before';
      // Reuse the fault roll's position inside the drop band to pick a side, keeping two draws.
      const side = mode === 'either' ? ((roll - rate429 - rate503) / dropRate < 0.5 ? 'before' : 'after') : mode;
      return { latencyMs, drop: side, source: 'random' };
    }
    return latencyMs > 0 ? { latencyMs, source: 'random' } : undefined;
  }
}

function retryAfter(seconds: number | undefined): { retryAfterSeconds?: number } {
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}
