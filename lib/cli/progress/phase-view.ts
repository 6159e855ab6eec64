/**
 * Turns progress events into what a person sees for each phase: a label, a percentage when
 * one can be known, the facts (named parts, so a narrow terminal can drop the least useful) and
 * when the phase should end. Pure, so the bars, the plain lines and the tests all read the same
 * figures.
 *
 * @packageDocumentation
 */
import { countOf, formatBytes, formatCount, formatDuration, formatRate, rateOf } from '../format-values.js';
import type { Phase, ProgressEvent } from '../../streams/progress.js';

/** What a fact of a phase is, so a line too wide for the terminal knows what to shorten or drop. */
export type DetailKind = 'name' | 'status' | 'count' | 'resumed' | 'blocks' | 'bytes' | 'rate' | 'done';

/** One fact of a phase's line. */
export interface DetailPart {
  readonly kind: DetailKind;
  readonly text: string;
}

/** What a person sees for one phase. */
export interface PhaseView {
  readonly phase: Phase;
  readonly label: string;
  /** 0..100, when known. */
  readonly percent: number | undefined;
  readonly parts: readonly DetailPart[];
  /** The parts joined: what a plain line shows. */
  readonly detail: string;
  /** Estimated time left at the event, when it can be estimated. */
  readonly etaMs: number | undefined;
  /**
   * When the phase is expected to end (milliseconds since the epoch, smoothed over events), so a
   * bar redrawn between events counts down instead of jumping.
   */
  readonly finishesAt: number | undefined;
  readonly done: boolean;
  readonly elapsedMs: number;
}

const LABELS: Readonly<Record<Phase, string>> = {
  read: 'Reading',
  upload: 'Uploading',
  job: 'Job',
  download: 'Downloading',
};

/** How far a new estimate moves the shown end time: a quarter of the way, so one noisy poll does not make the ETA jump. */
const SMOOTHING = 0.25;

/**
 * Keeps the latest event of each phase and works out percentages the events do not carry:
 * reading from the input's size in bytes, uploading from the records read (an estimate while
 * reading is still going on), counting the records a resumed upload found stored already.
 */
export class PhaseTracker {
  private readonly latest = new Map<Phase, ProgressEvent>();
  private readonly deadlines = new Map<Phase, number>();

  /**
   * @param inputBytes the total size of the input files, when they are files.
   * @param now the clock (milliseconds since the epoch), replaceable in tests.
   */
  constructor(
    private readonly inputBytes?: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an event and returns the view of its phase. */
  update(event: ProgressEvent): PhaseView {
    this.latest.set(event.phase, event);
    const view = this.view(event.phase) as PhaseView;
    if (view.finishesAt === undefined) this.deadlines.delete(event.phase);
    else this.deadlines.set(event.phase, view.finishesAt);
    return view;
  }

  /** The view of a phase, or `undefined` before its first event. */
  view(phase: Phase): PhaseView | undefined {
    const event = this.latest.get(phase);
    if (event === undefined) return undefined;
    const percent = event.done ? 100 : this.percentOf(event);
    const thisRun = event.records;
    const rate = event.resumedRecords === undefined ? (event.recordsPerSecond ?? rateOf(thisRun, event.elapsedMs)) : rateOf(thisRun, event.elapsedMs);
    const parts = describe(event, this.totalOf(event), rate);
    const now = this.now();
    const estimate = this.estimateEnd(event, percent, now);
    const previous = this.deadlines.get(phase);
    const finishesAt = estimate === undefined ? undefined : previous === undefined ? estimate : previous + (estimate - previous) * SMOOTHING;
    return {
      phase,
      label: LABELS[phase],
      percent,
      parts,
      detail: parts.map((part) => part.text).join(' · '),
      etaMs: finishesAt === undefined ? undefined : Math.max(0, finishesAt - now),
      finishesAt,
      done: event.done,
      elapsedMs: event.elapsedMs,
    };
  }

  /** The service's estimate for the job when it gives one; otherwise the pace so far. */
  private estimateEnd(event: ProgressEvent, percent: number | undefined, now: number): number | undefined {
    if (event.done) return undefined;
    if (event.estimatedFinishTime !== undefined) {
      const at = Date.parse(event.estimatedFinishTime);
      if (!Number.isNaN(at)) return Math.max(now, at);
    }
    if (percent === undefined || percent <= 0) return undefined;
    // A resumed upload's pace is this run's records over this run's time, over what is left.
    const resumedShare = this.resumedPercent(event);
    const doneThisRun = percent - resumedShare;
    if (doneThisRun <= 0) return undefined;
    return now + (event.elapsedMs * (100 - percent)) / doneThisRun;
  }

  private resumedPercent(event: ProgressEvent): number {
    const total = this.totalOf(event);
    return event.resumedRecords === undefined || total === undefined || total === 0 ? 0 : (event.resumedRecords / total) * 100;
  }

  private percentOf(event: ProgressEvent): number | undefined {
    if (event.percent !== undefined) return clamp(event.percent);
    if (event.phase === 'read') {
      const size = this.inputBytes;
      return size === undefined || size === 0 || event.bytes === undefined ? undefined : clamp((event.bytes / size) * 100);
    }
    const total = this.totalOf(event);
    // Over the whole input: a resumed upload starts where the earlier run stopped.
    return total === undefined || total === 0 ? undefined : clamp(((event.records + (event.resumedRecords ?? 0)) / total) * 100);
  }

  /** The phase's total records: given, known from reading, or estimated from bytes read so far. */
  private totalOf(event: ProgressEvent): number | undefined {
    if (event.totalRecords !== undefined) return event.totalRecords;
    if (event.phase !== 'upload') return undefined;
    const read = this.latest.get('read');
    if (read === undefined) return undefined;
    if (read.done) return read.records;
    if (this.inputBytes === undefined || read.bytes === undefined || read.bytes === 0) return undefined;
    return Math.round(read.records * (this.inputBytes / read.bytes));
  }
}

function clamp(percent: number): number {
  return Math.min(100, Math.max(0, percent));
}

function describe(event: ProgressEvent, total: number | undefined, rate: number | undefined): DetailPart[] {
  const parts: DetailPart[] = [];
  const add = (kind: DetailKind, text: string): void => {
    parts.push({ kind, text });
  };
  if (event.phase === 'job') {
    if (event.job !== undefined) add('name', event.job);
    if (event.status !== undefined) add('status', event.status);
    if (event.totalRecords !== undefined) add('count', countOf(event.totalRecords, 'record'));
  } else {
    add(
      'count',
      total !== undefined && !event.done && event.phase === 'download'
        ? `${formatCount(event.records)} / ${formatCount(total)} records`
        : countOf(event.records, 'record'),
    );
    if (event.resumedRecords !== undefined) add('resumed', `${formatCount(event.resumedRecords)} stored already`);
    if (event.phase === 'upload' && event.blocks !== undefined) add('blocks', countOf(event.blocks, 'block'));
    if (event.bytes !== undefined) add('bytes', formatBytes(event.bytes));
    if (rate !== undefined && event.records > 0) add('rate', formatRate(rate));
  }
  if (event.done) add('done', `done in ${formatDuration(event.elapsedMs)}`);
  return parts;
}
