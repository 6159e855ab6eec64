/**
 * Progress bars on a terminal, one per phase, drawn by cli-progress's MultiBar: it redraws
 * several lines in place at a bounded frame rate and keeps log lines above the bars.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type { GenericFormatter, MultiBar, Options, Params, SingleBar } from 'cli-progress';
import type { Phase, ProgressEvent } from '../../streams/progress.js';
import { BAR_WIDTH, fitLine } from './line-fit.js';
import type { PhaseTracker, PhaseView } from './phase-view.js';
import type { ProgressRenderer } from './renderer.js';

// Loaded when bars are drawn, not when the command starts: most runs (logs, CI, --quiet) never draw one.
type CliProgress = typeof import('cli-progress');
let loaded: CliProgress | undefined;
const cliProgress = (): CliProgress => (loaded ??= createRequire(import.meta.url)('cli-progress') as CliProgress);

/**
 * Renders one bar line from the phase view carried in the bar's payload, to the terminal's
 * width as it is now (a resized window takes effect at the next frame); where stderr is no
 * terminal, lines are not cut.
 */
function lineFormatter(stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number }): GenericFormatter {
  return (_options: Options, _params: Params, payload: { view?: PhaseView }): string => {
    const view = payload.view;
    if (view === undefined) return '';
    const width = stderr.isTTY === true && stderr.columns !== undefined && stderr.columns > 0 ? stderr.columns : Infinity;
    return fitLine(view, width, Date.now());
  };
}

/** One bar per phase, created when the phase's first event arrives. */
export class ProgressBars implements ProgressRenderer {
  private readonly multibar: MultiBar;
  private readonly bars = new Map<Phase, SingleBar>();
  private stopped = false;

  constructor(
    stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number },
    private readonly tracker: PhaseTracker,
  ) {
    this.multibar = new (cliProgress().MultiBar)({
      stream: stderr,
      format: lineFormatter(stderr),
      fps: 8,
      barsize: BAR_WIDTH,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      // The CLI owns SIGINT (it aborts requests and then stops the bars itself).
      gracefulExit: false,
      hideCursor: false,
      // Bars asked for by name where stderr is no terminal: a frame a second, then the final one.
      noTTYOutput: stderr.isTTY !== true,
      notTTYSchedule: 1000,
    });
  }

  update(event: ProgressEvent): void {
    if (this.stopped) return;
    const view = this.tracker.update(event);
    const value = view.percent ?? 0;
    const bar = this.bars.get(view.phase);
    if (bar === undefined) this.bars.set(view.phase, this.multibar.create(100, value, { view }));
    else bar.update(value, { view });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.bars.size > 0) this.multibar.stop();
  }
}
