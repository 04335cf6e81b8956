/**
 * Scaling a raw dimension value to 0..1 for display:
 * - 'fixed': linear in the dimension's fixed display range, clamped (spec: "values are clamped into
 *   [min, max]").
 * - 'percentile': the value's position within this library, from the 101 quantiles of library.stats,
 *   linearly interpolated between neighbouring quantiles.
 */
import type { LibraryStats } from '../../../shared/api'
import { DIMENSION_BY_KEY, type DimensionKey } from '../../../shared/dimensions'

export type DisplayMode = 'fixed' | 'percentile'

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x))
}

/** Position of `value` in the fixed display range of `key`, clamped to 0..1 (non-finite → 0). */
export function fixedScale(key: DimensionKey, value: number): number {
  if (!Number.isFinite(value)) return 0
  const [min, max] = DIMENSION_BY_KEY[key].range
  return clamp01((value - min) / (max - min))
}

/**
 * Percentile rank (0..1) of `value` among sorted quantiles q[0..n-1] (q[i] is the i/(n-1) quantile).
 * Below q[0] → 0, above q[n-1] → 1. Runs of equal quantiles (many tracks with the same value, e.g.
 * silence 0) give the middle of the run, so a tie is not shown as an extreme.
 */
export function percentileOf(quantiles: readonly number[], value: number): number {
  const n = quantiles.length
  if (n === 0 || !Number.isFinite(value)) return 0
  if (n === 1) return 0.5
  const first = quantiles[0] as number
  const last = quantiles[n - 1] as number
  if (value < first) return 0
  if (value > last) return 1
  // Binary search for the first quantile >= value.
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((quantiles[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  const qi = quantiles[lo] as number
  if (qi === value) {
    // Tie: find the run of equal quantiles and take its middle.
    let end = lo
    while (end + 1 < n && quantiles[end + 1] === value) end++
    return (lo + end) / 2 / (n - 1)
  }
  // quantiles[lo-1] < value < quantiles[lo]
  const q0 = quantiles[lo - 1] as number
  const t = (value - q0) / (qi - q0)
  return (lo - 1 + t) / (n - 1)
}

/** The value's display position 0..1 in the chosen mode (percentile falls back to fixed without stats). */
export function scaleValue(mode: DisplayMode, key: DimensionKey, value: number, stats: LibraryStats | null): number {
  if (mode === 'percentile' && stats && stats.count > 0) {
    const q = stats.quantiles[key]
    if (q && q.length > 0) return percentileOf(q, value)
  }
  return fixedScale(key, value)
}

/** Whether a raw value lies outside the fixed display range (the chart clamps it; the tooltip says so). */
export function outOfRange(key: DimensionKey, value: number): boolean {
  const [min, max] = DIMENSION_BY_KEY[key].range
  return value < min || value > max
}
