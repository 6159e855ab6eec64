/**
 * Progress renderers: bars on a terminal, one line per phase in logs, JSON lines for
 * orchestrators, or nothing. All read the same {@link ProgressEvent}s.
 *
 * @packageDocumentation
 */
import type { ProgressEvent } from '../../streams/progress.js';
import { PhaseTracker } from './phase-view.js';
import { ProgressBars } from './bars.js';

/** Shows progress events to a person or a program. */
export interface ProgressRenderer {
  /** Shows one event. */
  update(event: ProgressEvent): void;
  /** Draws the final state and releases the terminal. Safe to call twice. */
  stop(): void;
}

/** How progress is shown: `auto` picks bars on a terminal and plain lines otherwise. */
export type ProgressMode = 'auto' | 'bars' | 'lines' | 'json' | 'none';

/** The progress modes a user may ask for with `--progress`. */
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bars', 'lines', 'json', 'none'];

/** Where and how to render progress. */
export interface ProgressRendererOptions {
  readonly mode: ProgressMode;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Total size of the input files, so reading (and uploading) can show a percentage and ETA. */
  readonly inputBytes?: number | undefined;
}

/** The mode in force: `--quiet` silences progress unless JSON lines were asked for by name. */
export function effectiveProgressMode(requested: ProgressMode, quiet: boolean): ProgressMode {
  return quiet && requested !== 'json' ? 'none' : requested;
}

/** Picks and builds the renderer for a mode. */
export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const { stderr } = options;
  const tracker = new PhaseTracker(options.inputBytes);
  const mode = options.mode === 'auto' ? (stderr.isTTY === true ? 'bars' : 'lines') : options.mode;
  switch (mode) {
    case 'bars':
      return new ProgressBars(stderr, tracker);
    case 'lines':
      return new PhaseLines(stderr, tracker);
    case 'json':
      return new JsonLines(stderr);
    default:
      return new NoProgress();
  }
}

/** One stable line per phase, written when the phase ends: readable in CI logs and cron mail. */
class PhaseLines implements ProgressRenderer {
  private readonly printed = new Set<string>();

  constructor(
    private readonly stderr: NodeJS.WritableStream,
    private readonly tracker: PhaseTracker,
  ) {}

  update(event: ProgressEvent): void {
    const view = this.tracker.update(event);
    if (!view.done || this.printed.has(view.phase)) return;
    this.printed.add(view.phase);
    this.stderr.write(`${view.label}: ${view.detail}\n`);
  }

  stop(): void {
    // Lines are written as phases end; nothing is pending.
  }
}

/** Every event as one JSON object a line, for orchestrators that chart or relay progress. */
class JsonLines implements ProgressRenderer {
  constructor(private readonly stderr: NodeJS.WritableStream) {}

  update(event: ProgressEvent): void {
    this.stderr.write(`${JSON.stringify(event)}\n`);
  }

  stop(): void {
    // Each event is written whole as it comes.
  }
}

/** `--quiet`: progress is not shown. */
class NoProgress implements ProgressRenderer {
  update(): void {
    // Nothing to show.
  }

  stop(): void {
    // Nothing was drawn.
  }
}
