/**
 * `bench/results/memory.svg`: RSS against records processed (uploaded, then downloaded), one
 * panel per client, side by side on the same scale.
 */
import type { MemorySample } from '../measure.js';

/** One panel: a client and its samples. */
export interface MemorySeries {
  readonly title: string;
  readonly samples: readonly MemorySample[];
  readonly colour: string;
}

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 60, right: 20, top: 40, bottom: 50 };
const MB = 1024 * 1024;

export function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A round step for `max` split into about five ticks. */
export function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

function compact(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

function panel(series: MemorySeries, offsetX: number, maxRecords: number, maxMb: number): string {
  const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (records: number): number => offsetX + MARGIN.left + (records / maxRecords) * width;
  const y = (mb: number): number => MARGIN.top + height - (mb / maxMb) * height;
  const parts: string[] = [`<text x="${offsetX + MARGIN.left}" y="24" font-weight="bold">${escape(series.title)}</text>`];
  const yStep = tickStep(maxMb);
  for (let mb = 0; mb <= maxMb; mb += yStep) {
    parts.push(`<line x1="${x(0)}" x2="${x(maxRecords)}" y1="${y(mb)}" y2="${y(mb)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(0) - 6}" y="${y(mb) + 4}" text-anchor="end">${mb}</text>`);
  }
  const xStep = tickStep(maxRecords);
  for (let records = 0; records <= maxRecords; records += xStep) {
    parts.push(`<text x="${x(records)}" y="${MARGIN.top + height + 16}" text-anchor="middle">${compact(records)}</text>`);
  }
  parts.push(`<line x1="${x(0)}" x2="${x(maxRecords)}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  parts.push(`<line x1="${x(0)}" x2="${x(0)}" y1="${y(0)}" y2="${y(maxMb)}" stroke="#333"/>`);
  const points = series.samples.map((s) => `${x(s.records).toFixed(1)},${y(s.rssBytes / MB).toFixed(1)}`).join(' ');
  parts.push(`<polyline fill="none" stroke="${series.colour}" stroke-width="2" points="${points}"/>`);
  parts.push(`<text x="${x(maxRecords / 2)}" y="${PANEL_HEIGHT - 10}" text-anchor="middle">records processed (upload, then download)</text>`);
  parts.push(`<text transform="translate(${offsetX + 14},${MARGIN.top + height / 2}) rotate(-90)" text-anchor="middle">RSS (MB)</text>`);
  return parts.join('\n');
}

/** The chart, as an SVG document. */
export function memoryChart(series: readonly MemorySeries[]): string {
  const all = series.flatMap((s) => s.samples);
  const maxRecords = Math.max(1, ...all.map((s) => s.records));
  const maxMb = Math.max(1, ...all.map((s) => s.rssBytes / MB)) * 1.1;
  const width = PANEL_WIDTH * Math.max(1, series.length);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_HEIGHT}" viewBox="0 0 ${width} ${PANEL_HEIGHT}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
${series.map((s, i) => panel(s, i * PANEL_WIDTH, maxRecords, maxMb)).join('\n')}
</svg>
`;
}
