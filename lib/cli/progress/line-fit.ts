/**
 * One bar line that fits the terminal: label, bar, percentage, the phase's facts and the time
 * left. When the line is too wide, it gives up what matters least first: the bar narrows, the
 * job name is shortened, block and byte counts go, then the bar and the padding; counts, rate and
 * ETA stay, and on the narrowest terminals the count and the ETA.
 * Pure: the width and the clock are arguments.
 *
 * @packageDocumentation
 */
import { formatDuration } from '../format-values.js';
import type { DetailKind, DetailPart, PhaseView } from './phase-view.js';

/** Widths of a bar line's columns. */
export const LABEL_WIDTH = 11;
export const BAR_WIDTH = 24;
const NARROW_BAR = 10;
const SHORTEST_NAME = 8;

interface Shape {
  readonly bar: number;
  /** Label and percentage without padding. */
  readonly compact?: boolean;
  readonly drop: readonly DetailKind[];
}

// Tried in order; the first that fits (with the name shortened as far as SHORTEST_NAME) wins.
const SHAPES: readonly Shape[] = [
  { bar: BAR_WIDTH, drop: [] },
  { bar: NARROW_BAR, drop: [] },
  { bar: NARROW_BAR, drop: ['blocks', 'bytes'] },
  { bar: 0, drop: ['blocks', 'bytes'] },
  { bar: 0, compact: true, drop: ['blocks', 'bytes'] },
  { bar: 0, compact: true, drop: ['blocks', 'bytes', 'resumed', 'status'] },
  { bar: 0, compact: true, drop: ['blocks', 'bytes', 'resumed', 'status', 'name'] },
  { bar: 0, compact: true, drop: ['blocks', 'bytes', 'resumed', 'status', 'name', 'rate'] },
];

/** The bar itself: `filled` of `size` cells. */
function drawBar(percent: number | undefined, size: number): string {
  if (size === 0) return '';
  if (percent === undefined) return ' '.repeat(size);
  const filled = Math.round((percent / 100) * size);
  return `${'█'.repeat(filled)}${'░'.repeat(size - filled)}`;
}

function compose(view: PhaseView, shape: Shape, parts: readonly DetailPart[], eta: string): string {
  const facts = `${parts.map((part) => part.text).join(' · ')}${eta}`;
  const percent = view.percent === undefined ? '' : `${Math.floor(view.percent)}%`;
  if (shape.compact === true) return `${view.label} ${percent === '' ? '' : `${percent} `}${facts}`;
  const bar = shape.bar === 0 ? '' : `${drawBar(view.percent, shape.bar)} `;
  return `${view.label.padEnd(LABEL_WIDTH)} ${bar}${percent.padStart(4)}  ${facts}`;
}

/** Shortens `text` to `length` characters, ending with an ellipsis. */
function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, Math.max(0, length - 1))}…`;
}

/**
 * The line for `view` in at most `width` columns (one spare, so the terminal never wraps it).
 * `now` turns the view's expected end into a time left that counts down between events.
 */
export function fitLine(view: PhaseView, width: number, now: number): string {
  const left = view.finishesAt === undefined ? view.etaMs : Math.max(0, view.finishesAt - now);
  const eta = left === undefined || view.done ? '' : ` · ETA ${formatDuration(left)}`;
  const room = Number.isFinite(width) ? Math.max(20, width - 1) : Infinity;
  for (const shape of SHAPES) {
    const parts = view.parts.filter((part) => !shape.drop.includes(part.kind));
    const line = compose(view, shape, parts, eta);
    if (line.length <= room) return line;
    const name = parts.find((part) => part.kind === 'name');
    if (name === undefined) continue;
    const length = name.text.length - (line.length - room);
    if (length < SHORTEST_NAME) continue;
    return compose(view, shape, parts.map((part) => (part === name ? { ...part, text: shorten(part.text, length) } : part)), eta);
  }
  // Narrower still: what is left, cut at the edge.
  const last = SHAPES.at(-1) as Shape;
  return shorten(compose(view, last, view.parts.filter((part) => !last.drop.includes(part.kind)), eta), room);
}
