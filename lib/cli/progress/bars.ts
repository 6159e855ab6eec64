/**
 * Progress bars on a terminal, one per phase, drawn by cli-progress's MultiBar: it redraws
 * several lines in place at a bounded frame rate and keeps log lines above the bars.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type { GenericFormatter, MultiBar, Options, Params, SingleBar } from 'cli-progress';
import { formatDuration } from '../format-values.js';
import type { Phase, ProgressEvent } from '../../streams/progress.js';
import type { PhaseTracker, PhaseView } from './phase-view.js';
import type { ProgressRenderer } from './renderer.js';

// Loaded when bars are drawn, not when the command starts: most runs (logs, CI, --quiet) never draw one.
type CliProgress = typeof import('cli-progress');
let loaded: CliProgress | undefined;
const cliProgress = (): CliProgress => (loaded ??= createRequire(import.meta.url)('cli-progress') as CliProgress);

const LABEL_WIDTH = 11;
const BAR_WIDTH = 24;

/** Renders one bar line from the phase view carried in the bar's payload. */
const formatLine: GenericFormatter = (options: Options, params: Params, payload: { view?: PhaseView }): string => {
  const view = payload.view;
  if (view === undefined) return '';
  const bar =
    view.percent === undefined
      ? ' '.repeat(BAR_WIDTH)
      : cliProgress().Format.BarFormat(params.progress, { ...options, barsize: BAR_WIDTH });
  const percent = view.percent === undefined ? '    ' : `${Math.floor(view.percent)}%`.padStart(4);
  const eta = view.etaMs === undefined ? '' : ` · ETA ${formatDuration(view.etaMs)}`;
  return `${view.label.padEnd(LABEL_WIDTH)} ${bar} ${percent}  ${view.detail}${eta}`;
};

/** One bar per phase, created when the phase's first event arrives. */
export class ProgressBars implements ProgressRenderer {
  private readonly multibar: MultiBar;
  private readonly bars = new Map<Phase, SingleBar>();
  private stopped = false;

  constructor(
    stderr: NodeJS.WritableStream,
    private readonly tracker: PhaseTracker,
  ) {
    this.multibar = new (cliProgress().MultiBar)({
      stream: stderr,
      format: formatLine,
      fps: 8,
      barsize: BAR_WIDTH,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      // The CLI owns SIGINT (it aborts requests and then stops the bars itself).
      gracefulExit: false,
      hideCursor: false,
      // Bars asked for by name where stderr is no terminal: a frame a second, then the final one.
      noTTYOutput: (stderr as { isTTY?: boolean }).isTTY !== true,
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
