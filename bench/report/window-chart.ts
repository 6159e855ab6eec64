/**
 * `bench/results/window.svg`: the window of requests in flight over time (upload, then
 * download) beside the client's RSS, one panel per run, so growth, settling and memory can be
 * read together.
 */
import type { WindowTrace } from '../default-streams.js';
import type { MemorySample } from '../measure.js';
import { escape, tickStep } from './memory-chart.js';

/** One panel: a run's windows and memory samples. */
export interface WindowSeries {
  readonly title: string;
  readonly windows: readonly WindowTrace[];
  readonly samples: readonly MemorySample[];
}

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 50, right: 50, top: 40, bottom: 50 };
const MB = 1024 * 1024;
const COLOURS = { upload: '#1f77b4', download: '#2ca02c', rss: '#999' } as const;


/** The window as a step line: each value holds until the next change, the last until `endMs`. */
function steps(trace: WindowTrace, endMs: number): [number, number][] {
  const points: [number, number][] = [];
  const history = trace.stats.history;
  history.forEach((point, index) => {
    const at = trace.offsetMs + point.ms;
    if (index > 0) points.push([at, history[index - 1]!.window]);
    points.push([at, point.window]);
  });
  const last = history.at(-1);
  if (last !== undefined) points.push([Math.max(endMs, trace.offsetMs + last.ms), last.window]);
  return points;
}

function panel(series: WindowSeries, offsetX: number): string {
  const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxMs = Math.max(1, ...series.samples.map((sample) => sample.ms));
  const maxWindow = Math.max(4, ...series.windows.map((trace) => trace.stats.max)) + 1;
  const maxMb = Math.max(1, ...series.samples.map((sample) => sample.rssBytes / MB)) * 1.1;
  const x = (ms: number): number => offsetX + MARGIN.left + (ms / maxMs) * width;
  const yWindow = (window: number): number => MARGIN.top + height - (window / maxWindow) * height;
  const yMb = (mb: number): number => MARGIN.top + height - (mb / maxMb) * height;
  const parts = [`<text x="${offsetX + MARGIN.left}" y="24" font-weight="bold">${escape(series.title)}</text>`];
  for (let window = 0; window <= maxWindow; window += tickStep(maxWindow)) {
    parts.push(`<line x1="${x(0)}" x2="${x(maxMs)}" y1="${yWindow(window)}" y2="${yWindow(window)}" stroke="#eee"/>`);
    parts.push(`<text x="${x(0) - 6}" y="${yWindow(window) + 4}" text-anchor="end">${window}</text>`);
  }
  for (let mb = 0; mb <= maxMb; mb += tickStep(maxMb)) {
    parts.push(`<text x="${x(maxMs) + 6}" y="${yMb(mb) + 4}" fill="${COLOURS.rss}">${Math.round(mb)}</text>`);
  }
  const secondStep = tickStep(maxMs / 1000);
  for (let second = 0; second <= maxMs / 1000; second += secondStep) {
    parts.push(`<text x="${x(second * 1000)}" y="${MARGIN.top + height + 16}" text-anchor="middle">${Number(second.toFixed(1))}</text>`);
  }
  parts.push(`<line x1="${x(0)}" x2="${x(maxMs)}" y1="${yWindow(0)}" y2="${yWindow(0)}" stroke="#333"/>`);
  const rss = series.samples.map((sample) => `${x(sample.ms).toFixed(1)},${yMb(sample.rssBytes / MB).toFixed(1)}`).join(' ');
  parts.push(`<polyline fill="none" stroke="${COLOURS.rss}" stroke-width="1.5" stroke-dasharray="4 2" points="${rss}"/>`);
  for (const trace of series.windows) {
    const end = trace.phase === 'upload' ? (series.windows.find((other) => other.phase === 'download')?.offsetMs ?? maxMs) : maxMs;
    const line = steps(trace, end).map(([ms, window]) => `${x(ms).toFixed(1)},${yWindow(window).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${COLOURS[trace.phase]}" stroke-width="2" points="${line}"/>`);
  }
  parts.push(`<text x="${x(maxMs / 2)}" y="${PANEL_HEIGHT - 10}" text-anchor="middle">seconds (blue: upload window, green: download window, grey: RSS)</text>`);
  parts.push(`<text transform="translate(${offsetX + 14},${MARGIN.top + height / 2}) rotate(-90)" text-anchor="middle">requests in flight</text>`);
  parts.push(`<text transform="translate(${offsetX + PANEL_WIDTH - 8},${MARGIN.top + height / 2}) rotate(90)" text-anchor="middle" fill="${COLOURS.rss}">RSS (MB)</text>`);
  return parts.join('\n');
}

/** The chart, as an SVG document. */
export function windowChart(series: readonly WindowSeries[]): string {
  const width = PANEL_WIDTH * Math.max(1, series.length);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_HEIGHT}" viewBox="0 0 ${width} ${PANEL_HEIGHT}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
${series.map((s, i) => panel(s, i * PANEL_WIDTH)).join('\n')}
</svg>
`;
}
