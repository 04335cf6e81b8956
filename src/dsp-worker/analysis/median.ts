/**
 * Medians: of a growing per-frame series (the spec's "median over non-silent frames"), and a
 * branch-free median of 5 values for the HPSS median filters.
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
 * median; the middle two x ≤ y remain, and the median is e clamped to [x, y].
 * Branch-free: min/max as (u + v ∓ |u − v|)/2, since V8's branches mispredict on spectrogram data
 * (docs/analysis-performance.md).
 * Exact up to rounding (an error of the order of 2^-52 × the largest operand), which is immaterial
 * for median filtering of powers.
 */
export function median5(a: number, b: number, c: number, d: number, e: number): number {
  const sab = a + b
  const dab = Math.abs(a - b)
  const scd = c + d
  const dcd = Math.abs(c - d)
  const lo1 = sab - dab // 2·min(a, b)
  const lo2 = scd - dcd // 2·min(c, d)
  const hi1 = sab + dab // 2·max(a, b)
  const hi2 = scd + dcd // 2·max(c, d)
  const p = lo1 + lo2 + Math.abs(lo1 - lo2) // 4·max of the minima
  const q = hi1 + hi2 - Math.abs(hi1 - hi2) // 4·min of the maxima
  const x = 0.125 * (p + q - Math.abs(p - q)) // min(p, q) / 4
  const y = 0.125 * (p + q + Math.abs(p - q)) // max(p, q) / 4
  const ex = 0.5 * (e + x + Math.abs(e - x)) // max(e, x)
  return 0.5 * (ex + y - Math.abs(ex - y)) // min(max(e, x), y)
}
