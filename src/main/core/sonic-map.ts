/**
 * The sonic map: every fingerprinted track as a point in the plane of the first two principal
 * components of the library's scaled 25-D fingerprints.
 *
 * Definition:
 * 1. Robust scaling per dimension d: z_d = (v_d − median_d) / IQR_d, clamped to ±Z_CLAMP so a few
 *    outliers cannot own an axis (IQR 0 falls back to the standard deviation, then to 1; a missing or
 *    non-finite value counts as the median).
 * 2. Covariance C = Zᵀ·Z / n of the centred scaled vectors (25×25, one pass over the data).
 * 3. The two leading eigenvectors of C by power iteration with deflation; signs fixed so that each
 *    axis's largest loading is positive (the same library always draws the same way round).
 * 4. x_i = z_i·e₁, y_i = z_i·e₂; explained = (λ₁, λ₂) / trace(C).
 * Colour: the scaled value 0..1 of a dimension is its percentile within the library (mid-rank for
 * ties); of a group, the percentile of the mean of its dimensions' robust z (so a group's colours
 * span the whole scale too, where a plain mean of percentiles would crowd around 0.5).
 *
 * A dimension's colour also comes with its raw values at colour 0, ¼, ½, ¾ and 1 (the legend's ticks).
 * Colour by category (album, artist, folder, genre): the MAP_TOP_CATEGORIES most common categories get
 * an index each, most common first; every other category and a missing tag share −1 ("other").
 *
 * Cost: O(25·n) for the quantiles (quickselect), O(25²·n) for the covariance and the projection,
 * O(n log n) for the colour's percentile ranks (one sort); the 100 000-point test prints a measurement.
 */
import { MAP_TOP_CATEGORIES, type MapCategoryKey, type SonicMap } from '../../shared/api'
import {
  type ColorKey,
  DIMENSION_COUNT,
  DIMENSION_INDEX,
  DIMENSIONS,
  type DimensionKey,
  GROUP_COLOR_WEIGHT,
  GROUPS,
} from '../../shared/dimensions'

export interface MapEntry {
  id: number
  /** The 25 values in canonical order (DIMENSION_KEYS). */
  values: Float32Array
}

const Z_CLAMP = 8
const POWER_ITERATIONS = 500
const POWER_TOLERANCE = 1e-10

/** The map's input column by column: ids, and for each dimension its raw values (NaN when missing). */
export interface MapColumns {
  ids: number[]
  /** values[d][i]: dimension d (canonical order) of track ids[i]. */
  values: Float32Array[]
}

/**
 * The colour-independent part of the map (steps 1–4): positions, explained variance, and the centred
 * robust z of every dimension (column-major) for group colours. Computed once per library state and
 * reused for every colour (`colorMap`, `categoryMap`).
 */
export interface MapProjection {
  ids: number[]
  x: number[]
  y: number[]
  explained: [number, number]
  /** z[d][i]: the scaled, centred value of dimension d of entry i. */
  z: Float64Array[]
  /** raw[d][i]: the raw value (NaN when missing), for a dimension's colour. */
  raw: Float32Array[]
}

/** The sonic map of `entries` coloured by `colorBy` (see the module comment). */
export function sonicMap(entries: readonly MapEntry[], colorBy: ColorKey): SonicMap {
  return colorMap(projectMap(entries), colorBy)
}

/** Entries as columns (one pass over the entries: their arrays are scattered in memory). */
function toColumns(entries: readonly MapEntry[]): MapColumns {
  const n = entries.length
  const values = Array.from({ length: DIMENSION_COUNT }, () => new Float32Array(n))
  const ids = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const e = entries[i] as MapEntry
    ids[i] = e.id
    for (let d = 0; d < DIMENSION_COUNT; d++) (values[d] as Float32Array)[i] = e.values[d] as number
  }
  return { ids, values }
}

/** Steps 1–4 of the module comment, for entries. */
export function projectMap(entries: readonly MapEntry[]): MapProjection {
  return projectColumns(toColumns(entries))
}

/** Steps 1–4 of the module comment, for columns. */
export function projectColumns(source: MapColumns): MapProjection {
  const n = source.ids.length
  const D = DIMENSION_COUNT
  if (n === 0) return { ids: [], x: [], y: [], explained: [0, 0], z: [], raw: [] }

  // Float64 copies of the columns with non-finite values marked NaN.
  const raw = source.values
  const cols: Float64Array[] = raw.map((col) => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = col[i] as number
      out[i] = Number.isFinite(v) ? v : Number.NaN
    }
    return out
  })

  // 1. Robust scaling, in place: cols[d] becomes z_d.
  for (let d = 0; d < D; d++) robustScaleInPlace(cols[d] as Float64Array)

  // 2. Covariance (the z are centred on the median, not the mean: subtract the mean first).
  const means = new Float64Array(D)
  for (let d = 0; d < D; d++) {
    const col = cols[d] as Float64Array
    let s = 0
    for (let i = 0; i < n; i++) s += col[i] as number
    means[d] = s / n
    for (let i = 0; i < n; i++) col[i] = (col[i] as number) - (means[d] as number)
  }
  const cov = covariance(cols, n)
  let trace = 0
  for (let d = 0; d < D; d++) trace += cov[d * D + d] as number

  // 3. Two leading eigenvectors.
  const [e1, l1] = leadingEigen(cov, D, null)
  const [e2, l2] = leadingEigen(cov, D, { vector: e1, value: l1 })

  // 4. Projection.
  const ids = new Array<number>(n)
  const x = new Array<number>(n)
  const y = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    let px = 0
    let py = 0
    for (let d = 0; d < D; d++) {
      const z = (cols[d] as Float64Array)[i] as number
      px += z * (e1[d] as number)
      py += z * (e2[d] as number)
    }
    ids[i] = source.ids[i] as number
    x[i] = round(px, 1e4)
    y[i] = round(py, 1e4)
  }
  const explained: [number, number] =
    trace > 0 ? [round(Math.max(0, l1) / trace, 1e4), round(Math.max(0, l2) / trace, 1e4)] : [0, 0]
  return { ids, x, y, explained, z: cols, raw }
}

/** The quartile ticks of a dimension's colour scale: its values at percentile 0, ¼, ½, ¾ and 1. */
const SCALE_TICKS = [0, 0.25, 0.5, 0.75, 1]

/** The map of a projection coloured by a dimension or a group. */
export function colorMap(projection: MapProjection, colorBy: ColorKey): SonicMap {
  const n = projection.ids.length
  const colorDims = colorDimensions(colorBy)
  const { ids, x, y, explained } = projection
  if (n === 0) return { ids, x, y, color: [], colorBy, explained }
  // Colour: the percentile of the dimension's value; for a group, the percentile of the mean of its
  // dimensions' scaled values (the z above: ranking them ignores the common centring), each weighted by
  // GROUP_COLOR_WEIGHT (the frequency bands by tilt).
  let score: Float64Array
  let valueScale: number[] | undefined
  if (colorDims.length === 1) {
    const col = projection.raw[colorDims[0] as number] as Float32Array
    score = percentiles(n, (i) => col[i] as number)
    const finite = new Float64Array(n)
    let m = 0
    for (let i = 0; i < n; i++) if (Number.isFinite(col[i] as number)) finite[m++] = col[i] as number
    if (m > 0) valueScale = SCALE_TICKS.map((q) => round(quantileSelect(finite.subarray(0, m), q), 1e4))
  } else {
    const mean = new Float64Array(n)
    for (const d of colorDims) {
      const col = projection.z[d] as Float64Array
      const w = GROUP_COLOR_WEIGHT[DIMENSIONS[d]!.key] ?? 1
      if (w !== 0) for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) + w * (col[i] as number)
    }
    score = percentiles(n, (i) => mean[i] as number)
  }
  const color = new Array<number>(n)
  for (let i = 0; i < n; i++) color[i] = round(score[i] as number, 1e4)
  return { ids, x, y, color, colorBy, explained, ...(valueScale ? { valueScale } : {}) }
}

/**
 * The map of a projection coloured by category: `keys[i]` is the category of point i (null: no tag),
 * `labelOf` names a key for the legend.
 */
export function categoryMap(
  projection: MapProjection,
  colorBy: MapCategoryKey,
  keys: readonly (string | null)[],
  labelOf: (key: string) => string,
  top = MAP_TOP_CATEGORIES,
): SonicMap {
  const { ids, x, y, explained } = projection
  const c = topCategories(keys, top)
  return {
    ids,
    x,
    y,
    color: c.index,
    colorBy,
    explained,
    categories: c.top.map((k) => ({ label: labelOf(k.key), count: k.count })),
    otherCount: c.otherCount,
    missingCount: c.missingCount,
  }
}

/**
 * The `top` most common keys (most common first; equal counts in key order), each point's index in
 * them or −1, and how many points are in another category (`otherCount`) or have none (`missingCount`).
 */
export function topCategories(
  keys: readonly (string | null)[],
  top: number,
): { top: { key: string; count: number }[]; index: number[]; otherCount: number; missingCount: number } {
  const counts = new Map<string, number>()
  let missingCount = 0
  for (const k of keys) {
    if (k === null) missingCount++
    else counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const ranked = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, top))
    .map(([key, count]) => ({ key, count }))
  const slot = new Map(ranked.map((r, i) => [r.key, i]))
  const index = keys.map((k) => (k === null ? -1 : (slot.get(k) ?? -1)))
  const inTop = ranked.reduce((s, r) => s + r.count, 0)
  return { top: ranked, index, otherCount: keys.length - missingCount - inTop, missingCount }
}

/** The dimension indices a colour key stands for: one dimension, or every dimension of a group. */
function colorDimensions(colorBy: ColorKey): number[] {
  if (colorBy in DIMENSION_INDEX) return [DIMENSION_INDEX[colorBy as DimensionKey]]
  if (GROUPS.some((g) => g.key === colorBy)) {
    return DIMENSIONS.flatMap((dim, i) => (dim.group === colorBy ? [i] : []))
  }
  throw new Error(`sonicMap: unknown colorBy "${colorBy}"`)
}

/**
 * z = (v − median) / IQR, clamped to ±Z_CLAMP; NaN becomes 0 (the median). IQR 0 (e.g. a dimension
 * constant for most tracks) falls back to the standard deviation, then to 1.
 */
function robustScaleInPlace(col: Float64Array): void {
  const work = new Float64Array(col.length)
  let m = 0
  for (let i = 0; i < col.length; i++) if (!Number.isNaN(col[i] as number)) work[m++] = col[i] as number
  if (m === 0) {
    col.fill(0)
    return
  }
  const finite = work.subarray(0, m)
  const median = quantileSelect(finite, 0.5)
  const q1 = quantileSelect(finite, 0.25)
  const q3 = quantileSelect(finite, 0.75)
  let scale = q3 - q1
  if (!(scale > 0)) {
    let s2 = 0
    for (const v of finite) s2 += (v - median) ** 2
    scale = Math.sqrt(s2 / m)
  }
  if (!(scale > 0)) scale = 1
  for (let i = 0; i < col.length; i++) {
    const v = col[i] as number
    if (Number.isNaN(v)) col[i] = 0
    else {
      const z = (v - median) / scale
      col[i] = Math.min(Z_CLAMP, Math.max(-Z_CLAMP, z))
    }
  }
}

/**
 * Quantile q (0..1) with linear interpolation between order statistics (the "type 7" definition of
 * R/NumPy), by quickselect: reorders `work` but needs no sort.
 */
export function quantileSelect(work: Float64Array, q: number): number {
  const n = work.length
  const pos = q * (n - 1)
  const lo = Math.floor(pos)
  const a = select(work, lo)
  if (lo + 1 >= n || pos === lo) return a
  // The (lo+1)-th order statistic is the minimum of the part right of lo after selection.
  let b = Number.POSITIVE_INFINITY
  for (let i = lo + 1; i < n; i++) if ((work[i] as number) < b) b = work[i] as number
  return a + (b - a) * (pos - lo)
}

/** Hoare quickselect: places the k-th smallest at index k (smaller left, larger right) and returns it. */
function select(a: Float64Array, k: number): number {
  let left = 0
  let right = a.length - 1
  while (right > left) {
    // Median of three as pivot keeps sorted or constant input linear.
    const mid = (left + right) >>> 1
    const pivot = median3(a[left] as number, a[mid] as number, a[right] as number)
    let i = left
    let j = right
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        const t = a[i] as number
        a[i] = a[j] as number
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else break
  }
  return a[k] as number
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
}

/** C = Zᵀ·Z / n of the centred columns, as a dense row-major D×D matrix. */
function covariance(cols: Float64Array[], n: number): Float64Array {
  const D = cols.length
  const cov = new Float64Array(D * D)
  for (let a = 0; a < D; a++) {
    const ca = cols[a] as Float64Array
    for (let b = a; b < D; b++) {
      const cb = cols[b] as Float64Array
      let s = 0
      for (let i = 0; i < n; i++) s += (ca[i] as number) * (cb[i] as number)
      cov[a * D + b] = s / n
      cov[b * D + a] = s / n
    }
  }
  return cov
}

/**
 * The leading eigenpair of a symmetric positive semi-definite matrix by power iteration; with
 * `deflate`, of C − λ·e·eᵀ (the second component). Sign: the largest-magnitude loading is positive.
 */
function leadingEigen(
  cov: Float64Array,
  D: number,
  deflate: { vector: Float64Array; value: number } | null,
): [Float64Array, number] {
  const m = Float64Array.from(cov)
  if (deflate) {
    for (let a = 0; a < D; a++)
      for (let b = 0; b < D; b++)
        m[a * D + b] =
          (m[a * D + b] as number) - deflate.value * (deflate.vector[a] as number) * (deflate.vector[b] as number)
  }
  // Start from a fixed, non-degenerate vector (deterministic; not orthogonal to any axis by accident).
  let v = new Float64Array(D)
  for (let d = 0; d < D; d++) v[d] = 1 + d / D
  if (deflate) orthogonalise(v, deflate.vector)
  normalise(v)
  let w = new Float64Array(D)
  let lambda = 0
  for (let it = 0; it < POWER_ITERATIONS; it++) {
    for (let a = 0; a < D; a++) {
      let s = 0
      for (let b = 0; b < D; b++) s += (m[a * D + b] as number) * (v[b] as number)
      w[a] = s
    }
    if (deflate) orthogonalise(w, deflate.vector)
    const norm = normalise(w)
    if (norm === 0) {
      lambda = 0
      break
    }
    let diff = 0
    for (let d = 0; d < D; d++) diff += ((w[d] as number) - (v[d] as number)) ** 2
    ;[v, w] = [w, v]
    lambda = norm
    if (diff < POWER_TOLERANCE) break
  }
  // Rayleigh quotient for the eigenvalue (exact for the converged vector).
  let rq = 0
  for (let a = 0; a < D; a++) {
    let s = 0
    for (let b = 0; b < D; b++) s += (m[a * D + b] as number) * (v[b] as number)
    rq += (v[a] as number) * s
  }
  lambda = Math.max(0, rq)
  let maxIdx = 0
  for (let d = 1; d < D; d++) if (Math.abs(v[d] as number) > Math.abs(v[maxIdx] as number)) maxIdx = d
  if ((v[maxIdx] as number) < 0) for (let d = 0; d < D; d++) v[d] = -(v[d] as number)
  return [v, lambda]
}

function normalise(v: Float64Array): number {
  let s = 0
  for (let d = 0; d < v.length; d++) s += (v[d] as number) ** 2
  const norm = Math.sqrt(s)
  if (norm > 0) for (let d = 0; d < v.length; d++) v[d] = (v[d] as number) / norm
  return norm
}

function orthogonalise(v: Float64Array, e: Float64Array): void {
  let dot = 0
  for (let d = 0; d < v.length; d++) dot += (v[d] as number) * (e[d] as number)
  for (let d = 0; d < v.length; d++) v[d] = (v[d] as number) - dot * (e[d] as number)
}

/** Percentile 0..1 of each of n values (mid-rank for ties; a missing value is 0.5). */
function percentiles(n: number, value: (i: number) => number): Float64Array {
  const sorted = new Float64Array(n)
  let m = 0
  for (let i = 0; i < n; i++) {
    const v = value(i)
    if (Number.isFinite(v)) sorted[m++] = v
  }
  const finite = sorted.subarray(0, m).sort()
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = value(i)
    if (!Number.isFinite(v) || m < 2) {
      out[i] = 0.5
      continue
    }
    // Mid-rank of the ties, mapped so the smallest value is 0 and the largest 1.
    out[i] = (lowerBound(finite, v) + upperBound(finite, v) - 1) / 2 / (m - 1)
  }
  return out
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function round(v: number, scale: number): number {
  return Math.round(v * scale) / scale + 0 // + 0 turns −0 into 0
}
