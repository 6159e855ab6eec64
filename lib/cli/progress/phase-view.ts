/**
 * Turns progress events into what a person sees for each phase: a label, a percentage when
 * one can be known, a detail line and an estimated time left. Pure, so the bars, the plain
 * lines and the tests all read the same figures.
 *
 * @packageDocumentation
 */
import { countOf, formatBytes, formatCount, formatDuration, formatRate, rateOf } from '../format-values.js';
import type { Phase, ProgressEvent } from '../../streams/progress.js';

/** What a person sees for one phase. */
export interface PhaseView {
  readonly phase: Phase;
  readonly label: string;
  /** 0..100, when known. */
  readonly percent: number | undefined;
  readonly detail: string;
  /** Estimated time left, when it can be estimated. */
  readonly etaMs: number | undefined;
  readonly done: boolean;
  readonly elapsedMs: number;
}

const LABELS: Readonly<Record<Phase, string>> = {
  read: 'Reading',
  upload: 'Uploading',
  job: 'Job',
  download: 'Downloading',
};

/**
 * Keeps the latest event of each phase and works out percentages the events do not carry:
 * reading from the input's size in bytes, uploading from the records read (an estimate while
 * reading is still going on).
 */
export class PhaseTracker {
  private readonly latest = new Map<Phase, ProgressEvent>();

  /** @param inputBytes the total size of the input files, when they are files. */
  constructor(private readonly inputBytes?: number) {}

  /** Records an event and returns the view of its phase. */
  update(event: ProgressEvent): PhaseView {
    this.latest.set(event.phase, event);
    return this.view(event.phase) as PhaseView;
  }

  /** The view of a phase, or `undefined` before its first event. */
  view(phase: Phase): PhaseView | undefined {
    const event = this.latest.get(phase);
    if (event === undefined) return undefined;
    const percent = event.done ? 100 : this.percentOf(event);
    const rate = event.recordsPerSecond ?? rateOf(event.records, event.elapsedMs);
    return {
      phase,
      label: LABELS[phase],
      percent,
      detail: describe(event, this.totalOf(event), rate),
      etaMs: event.done || percent === undefined || percent <= 0 ? undefined : (event.elapsedMs * (100 - percent)) / percent,
      done: event.done,
      elapsedMs: event.elapsedMs,
    };
  }

  private percentOf(event: ProgressEvent): number | undefined {
    if (event.percent !== undefined) return clamp(event.percent);
    if (event.phase === 'read') {
      const size = this.inputBytes;
      return size === undefined || size === 0 || event.bytes === undefined ? undefined : clamp((event.bytes / size) * 100);
    }
    const total = this.totalOf(event);
    return total === undefined || total === 0 ? undefined : clamp((event.records / total) * 100);
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

function describe(event: ProgressEvent, total: number | undefined, rate: number | undefined): string {
  const parts: string[] = [];
  if (event.phase === 'job') {
    if (event.job !== undefined) parts.push(event.job);
    if (event.status !== undefined) parts.push(event.status);
    if (event.totalRecords !== undefined) parts.push(countOf(event.totalRecords, 'record'));
  } else {
    parts.push(
      total !== undefined && !event.done && event.phase === 'download'
        ? `${formatCount(event.records)} / ${formatCount(total)} records`
        : countOf(event.records, 'record'),
    );
    if (event.phase === 'upload' && event.blocks !== undefined) parts.push(countOf(event.blocks, 'block'));
    if (event.bytes !== undefined) parts.push(formatBytes(event.bytes));
    if (rate !== undefined && event.records > 0) parts.push(formatRate(rate));
  }
  if (event.done) parts.push(`done in ${formatDuration(event.elapsedMs)}`);
  return parts.join(' · ');
}
