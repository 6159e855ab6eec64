/**
 * Seeded randomness: one seed gives one sequence, so a faulty run can be repeated exactly.
 * Not for secrets (those come from `node:crypto`).
 *
 * @packageDocumentation
 */
import { randomInt } from 'node:crypto';
import type { RandomSource } from './context.js';

/** A fresh seed when none was given. */
export function freshSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

/** A {@link RandomSource} over mulberry32 (32-bit state; small, fast, good enough for test noise). */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}
