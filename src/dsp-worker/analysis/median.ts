/**
 * Medians: of a growing per-frame series (the spec's "median over non-silent frames"), and
 * branch-free sorting-network medians of 5 and 7 values for the HPSS median filters.
 */

/** A growable Float64 series of per-frame values (amortised O(1) push, no per-push allocation). */
export class Series {
  private data = new Float64Array(256)
  length = 0

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = v
  }

  /** The values pushed so far (a view; valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.length)
  }

  /** Median (mean of the two middle values for an even count); `empty` when there are none. */
  median(empty = 0): number {
    return medianOf(this.values(), empty)
  }
}

/** Median of `values` (not modified); `empty` when there are none. */
export function medianOf(values: ArrayLike<number>, empty = 0): number {
  const n = values.length
  if (n === 0) return empty
  const s = Float64Array.from(values).sort()
  const h = n >> 1
  return n % 2 === 1 ? (s[h] as number) : 0.5 * ((s[h - 1] as number) + (s[h] as number))
}

/**
 * Median of five values by forgetful selection: of a..d the minimum and maximum cannot be the
 * median, the middle two x ≤ y remain, and the median is e clamped to [x, y].
 */
export function median5(a: number, b: number, c: number, d: number, e: number): number {
  // Ternaries rather than Math.min/max: V8 turns these into selects, while Math.min/max carry
  // NaN and −0 handling that made the HPSS time medians ~40 % slower (measured).
  // biome-ignore lint/complexity/useMathMinMax: see above
  const ab0 = a < b ? a : b
  // biome-ignore lint/complexity/useMathMinMax: see above
  const ab1 = a < b ? b : a
  // biome-ignore lint/complexity/useMathMinMax: see above
  const cd0 = c < d ? c : d
  // biome-ignore lint/complexity/useMathMinMax: see above
  const cd1 = c < d ? d : c
  // biome-ignore lint/complexity/useMathMinMax: see above
  const p = ab0 > cd0 ? ab0 : cd0 // the larger of the two minima
  // biome-ignore lint/complexity/useMathMinMax: see above
  const q = ab1 < cd1 ? ab1 : cd1 // the smaller of the two maxima
  // biome-ignore lint/complexity/useMathMinMax: see above
  const x = p < q ? p : q
  // biome-ignore lint/complexity/useMathMinMax: see above
  const y = p < q ? q : p
  // biome-ignore lint/complexity/useMathMinMax: see above
  return e < x ? x : e > y ? y : e
}

/**
 * Median of seven values by forgetful selection: of a..e the minimum and maximum cannot be the
 * median (keep the middle three); adding f, drop the min and max of the four; the median is g
 * clamped to the two that remain.
 */
export function median7(a: number, b: number, c: number, d: number, e: number, f: number, g: number): number {
  // Middle two of a..d: the larger of the pair minima and the smaller of the pair maxima.
  const ab0 = Math.min(a, b)
  const ab1 = Math.max(a, b)
  const cd0 = Math.min(c, d)
  const cd1 = Math.max(c, d)
  const mn = Math.min(ab0, cd0)
  const mx = Math.max(ab1, cd1)
  let p = Math.max(ab0, cd0)
  let q = Math.min(ab1, cd1)
  // Middle three of a..e: e replaces the extreme it passes.
  let r: number
  if (e < mn) r = mn
  else if (e > mx) r = mx
  else r = e
  // Sort (p, q, r) into lo ≤ m ≤ hi.
  let t: number
  if (p > q) {
    t = p
    p = q
    q = t
  }
  let lo: number
  let m: number
  let hi: number
  if (r < p) {
    lo = r
    m = p
    hi = q
  } else if (r > q) {
    lo = p
    m = q
    hi = r
  } else {
    lo = p
    m = r
    hi = q
  }
  // Add f, drop the min and max of {lo, m, hi, f}: x ≤ y remain.
  let x: number
  let y: number
  if (f < lo) {
    x = lo
    y = m
  } else if (f > hi) {
    x = m
    y = hi
  } else if (f < m) {
    x = f
    y = m
  } else {
    x = m
    y = f
  }
  return g < x ? x : Math.min(g, y)
}
