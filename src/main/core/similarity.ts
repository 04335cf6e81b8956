/**
 * Similar-track search over the library's fingerprints (the definition, its reasons and its figures:
 * docs/similarity.md, "The definition"): brute force over one contiguous Float32Array of pre-scaled,
 * pre-weighted coordinates, with a bounded top-k heap (top-k.ts) and early abandoning of a row once its
 * partial distance cannot enter the top k. The weighted copy is rebuilt only when a query brings other
 * weights; the statistics are refitted lazily once the library changed by more than 10 % (on every
 * change below 1000 tracks).
 *
 * Scaling: z = (x − median) / max(IQR / 1.349, NOISE_FLOOR) per dimension (below 10 tracks a quarter of
 * the display range is the spread), |z| beyond 4 compressed logarithmically. Tempo on t = log2(bpm):
 * R·cos 2πt, R·sin 2πt with R = 1 / (2π · 0.05), plus 0.5·t, all three times the tempo trust
 * c = clamp((rhythm_stability − 0.05) / 0.25, 0, 1). Timbre (the eighth group): the means of c1…c(T−1)
 * and the standard deviations of c0…c(T−1) of the stored mel-cepstral Gaussian, scaled the same way;
 * a track without it sits at z = 0.
 *
 * Distance: per group g, m_g = mean over its dimensions of ρ(Δz) = Δ² / (1 + Δ²/2.5²) (tempo's three
 * coordinates count as one dimension); D² = Σ_g w_g · m_g with the weights as multiples of
 * DEFAULT_GROUP_WEIGHTS, normalised to sum to 1; hubness: D'² = D² · f_q · f_r, f_r = (s̄ / s_r)^`hubAlpha` within
 * [1/3, 3] (s̄ the median of s), s_r the mean D² to its `hubK` nearest tracks (exact below HUB_EXACT_BELOW tracks, else from
 * an evenly strided sample of HUB_SAMPLE). score = exp(−D'²/2), group agreement a_g = exp(−m_g/2).
 * Duplicate: the query's content hash, every coordinate within 0.005 z, or D² below DUPLICATE_D2 under
 * the default weights when both have a timbre descriptor.
 */
import type { GroupWeights, LibraryStats } from '../../shared/api'
import {
  DIMENSION_COUNT,
  DIMENSION_INDEX,
  DIMENSION_KEYS,
  DIMENSIONS,
  type DimensionKey,
  SIMILARITY_GROUPS,
  type SimilarityGroupKey,
} from '../../shared/dimensions'
import { covIndex, TIMBRE_LENGTH, TIMBRE_MFCC } from '../../shared/timbre'
import { SmallestK } from './top-k'

interface SimilarityEntry {
  id: number
  contentHash: string | null
  /** The 25 fingerprint values in canonical order (DIMENSION_KEYS). */
  values: Float32Array
  /** The timbre descriptor (TIMBRE_LENGTH values), or null/absent when the track has none yet. */
  timbre?: Float32Array | null
}

interface SimilarityMatch {
  id: number
  score: number
  duplicate: boolean
  groups: Record<SimilarityGroupKey, number>
}

/** The choices the evaluator tunes (docs/similarity.md); DEFAULT_TUNING is what the app uses. */
export interface SimilarityTuning {
  /** Group weights that a user's 1× means (they are normalised to sum to 1). */
  weights: Record<SimilarityGroupKey, number>
  /** Cepstral coefficients c0…c(T−1) the timbre group uses (2–20). */
  timbreCoeffs: number
  /** Neighbours whose mean distance measures a track's neighbourhood (hubness reduction). */
  hubK: number
  /** Strength of the hubness reduction: 0 = none, 0.5 = NICDM. */
  hubAlpha: number
}

/** Chosen by leave-one-out evaluation on the dev corpus: see docs/similarity.md and scripts/tune-similarity.mjs. */
export const DEFAULT_TUNING: Readonly<SimilarityTuning> = {
  weights: {
    frequency: 2,
    dynamics: 1,
    rhythm: 0.5,
    spectral: 1,
    harmony: 1,
    variation: 1,
    stereo: 1,
    timbre: 2,
  },
  timbreCoeffs: 20,
  hubK: 20,
  hubAlpha: 0.7,
}

interface SimilarityQueryOptions {
  /** Number of results (default 20). */
  k?: number
  weights?: GroupWeights
}

const TEMPO = DIMENSION_INDEX.tempo_bpm
/** Coordinates per track of the 25 dimensions, with tempo expanded to (cos, sin, octave); timbre follows. */
const BASE_STRIDE = DIMENSION_COUNT + 2
/** One z unit of tempo = this many octaves. */
const TEMPO_OCTAVES_PER_Z = 0.05
const TEMPO_RADIUS = 1 / (2 * Math.PI * TEMPO_OCTAVES_PER_Z)
/** z distance per octave between tempos that coincide on the circle. */
const TEMPO_OCTAVE_PENALTY = 0.5
const STABILITY = DIMENSION_INDEX.rhythm_stability
/** rhythm_stability at and below which a tempo is not trusted at all, and from which it is fully. */
const TEMPO_TRUST_FROM = 0.05
const TEMPO_TRUST_FULL = 0.3
/**
 * The smallest spread each dimension is scaled by, in its own unit (see the module comment). Set from
 * the variation of the same pieces between FLAC, MP3 128k, Ogg, AAC and −6 dB WAV versions: lossy
 * codecs move sample peaks by up to ~4 dB on transient material (AAC overshoot), which shows in the
 * peak-based dimensions (crest, crest variation, peak consistency); a median spectral centroid can
 * move by several hundred Hz when its frame distribution is bimodal; the level is the gain.
 */
const NOISE_FLOOR: Readonly<Record<DimensionKey, number>> = {
  sub_bass: 0.01,
  bass: 0.01,
  low_mid: 0.01,
  mid: 0.01,
  upper_mid: 0.01,
  presence: 0.005,
  air: 0.01,
  lufs: 5,
  crest_db: 3,
  bass_mid_ratio_db: 1,
  tempo_bpm: 0, // tempo is scaled on its octave circle instead
  rhythm_stability: 0.05,
  transient_density: 0.5,
  silence_ratio: 0.02,
  spectral_centroid_hz: 500,
  spectral_rolloff_hz: 300,
  spectral_flatness: 0.01,
  harmonic_ratio: 0.03,
  pitch_stability: 0.05,
  chroma_energy: 0.03,
  dynamic_range_variation_db: 1,
  loudness_range_lu: 1,
  peak_consistency: 0.1,
  stereo_width: 0.02,
  phase_correlation: 0.03,
}
/** Noise floors of the timbre coordinates (dB of cepstral mean and standard deviation). */
const TIMBRE_MEAN_FLOOR = 0.5
const TIMBRE_STD_FLOOR = 0.3
/** Below this distance D² (default weights, before hubness scaling) a result is a duplicate. */
const DUPLICATE_D2 = 0.02
/** Hubness reduction: exact neighbourhoods up to this many tracks, else a sample of HUB_SAMPLE. */
const HUB_EXACT_BELOW = 2000
const HUB_SAMPLE = 128
/**
 * Hubness factors are kept within [1/HUB_FACTOR_MAX, HUB_FACTOR_MAX]: a tight cluster (an album of
 * near-identical takes, copies of one recording) would otherwise get factors in the hundreds and drop
 * out of everyone's results.
 */
const HUB_FACTOR_MAX = 3
const SMALL_LIBRARY = 10
const SMALL_LIBRARY_SPREAD_OF_RANGE = 0.25
const SOFT_CLIP_Z = 4
const REFIT_FRACTION = 0.1
const ALWAYS_REFIT_BELOW = 1000
const DUPLICATE_Z = 0.005
/** Above this many tracks, quantiles come from an evenly strided sample of this size (error ≈ 0.5 %). */
const QUANTILE_SAMPLE = 20_000

const GROUP_COUNT = SIMILARITY_GROUPS.length
const GROUP_KEYS: readonly SimilarityGroupKey[] = SIMILARITY_GROUPS.map((g) => g.key)
const TIMBRE_GROUP = GROUP_KEYS.indexOf('timbre')

/** Timbre coordinates for `coeffs` coefficients: means of c1…c(T−1), standard deviations of c0…c(T−1). */
const timbreCoordCount = (coeffs: number) => 2 * coeffs - 1

/** Writes the timbre coordinates (before scaling) of a stored descriptor into out[at…]. */
function timbreCoords(t: Float32Array, coeffs: number, out: Float32Array, at: number): void {
  let c = at
  for (let i = 1; i < coeffs; i++) out[c++] = t[i] as number
  for (let i = 0; i < coeffs; i++) out[c++] = Math.sqrt(Math.max(0, t[covIndex(i, i)] as number))
}

/**
 * The robust loss of a z difference: ρ(Δ) = Δ² / (1 + Δ²/c²) — Δ² for small differences, saturating at
 * c² — so one dimension that a codec happens to move a lot (sample peaks, a median that flips between
 * two modes) cannot outweigh agreement on all the others, while differences spread over many
 * dimensions (another piece of music) still add up.
 */
const ROBUST_C = 2.5
function robustSquare(diff: number): number {
  const d2 = diff * diff
  return d2 / (1 + d2 / (ROBUST_C * ROBUST_C))
}

/** Robust z with logarithmic compression beyond ±SOFT_CLIP_Z. */
function softZ(z: number): number {
  const a = Math.abs(z)
  if (a <= SOFT_CLIP_Z) return z
  return Math.sign(z) * (SOFT_CLIP_Z + Math.log1p(a - SOFT_CLIP_Z))
}

/** Linear interpolation quantile (type 7) of a sorted array. */
function quantileSorted(sorted: Float32Array, q: number): number {
  const n = sorted.length
  if (n === 0) return 0
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  const t = pos - lo
  return (sorted[lo] as number) * (1 - t) + (sorted[hi] as number) * t
}

export class SimilarityIndex {
  private readonly tuning: SimilarityTuning
  /** Coordinates per track: BASE_STRIDE, then the timbre coordinates. */
  private readonly stride: number
  private readonly timbreDims: number
  /** For each coordinate: its group index; and the number of dimensions in each group. */
  private readonly coordGroup: Int32Array
  private readonly groupSize = new Float64Array(GROUP_COUNT)
  /** Raw timbre coordinates, timbreDims per track (NaN when the track has no descriptor). */
  private rawTimbre = new Float32Array(0)
  private n = 0
  private capacity = 0
  private raw = new Float32Array(0)
  /** Robust z coordinates, `stride` per track. */
  private scaled = new Float32Array(0)
  /** `scaled` × √(coordinate weight) for the weights of `weightsKey`: what the query loop scans. */
  private weighted = new Float32Array(0)
  private weightsKey = ''
  private ids: number[] = []
  private hashes: (string | null)[] = []
  private readonly slotOf = new Map<number, number>()

  private readonly center = new Float64Array(DIMENSION_COUNT)
  private readonly spread = new Float64Array(DIMENSION_COUNT).fill(1)
  private fitted = false
  private fittedCount = 0
  private changesSinceFit = 0
  private quantiles: LibraryStats['quantiles'] | null = null

  // Reused per query: no allocation beyond the result.
  private readonly queryCoords: Float32Array
  private readonly coordSqrtWeight: Float64Array
  /** Per coordinate 1 / (w · ROBUST_C²): turns a weighted squared difference into its robust loss. */
  private readonly coordLossK: Float64Array
  private readonly groupWeight = new Float64Array(GROUP_COUNT)
  private readonly groupSums = new Float64Array(GROUP_COUNT)
  /** The query's top k (squared distance, slot), reused across queries. */
  private readonly heap = new SmallestK(64)
  /** Centre and spread of each timbre coordinate. */
  private timbreCenter: Float64Array
  private timbreSpread: Float64Array
  /** Per track: the hubness factor f_r (1 until fitted). */
  private hubFactor = new Float32Array(0)
  /** Per coordinate, for the default weights: w_c (the hubness neighbourhoods are measured with them). */
  private readonly defaultCoordWeight: Float64Array
  /** The reference tracks' scaled coordinates and ids (for neighbourhoods of tracks added after a fit). */
  private refCoords = new Float32Array(0)
  private refIds: number[] = []
  private hubMedian = 1
  private hubKRef = 1
  /** The hubness factors are refitted at the next query (not for stats()). */
  private hubStale = true

  constructor(entries?: Iterable<SimilarityEntry>, tuning: Partial<SimilarityTuning> = {}) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, weights: { ...DEFAULT_TUNING.weights, ...tuning.weights } }
    const coeffs = Math.floor(this.tuning.timbreCoeffs)
    if (!(coeffs >= 2 && coeffs <= TIMBRE_MFCC)) throw new Error(`timbreCoeffs must be 2–${TIMBRE_MFCC}, got ${coeffs}`)
    this.timbreDims = timbreCoordCount(coeffs)
    this.stride = BASE_STRIDE + this.timbreDims
    this.coordGroup = new Int32Array(this.stride)
    let c = 0
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const g = GROUP_KEYS.indexOf(DIMENSIONS[d]!.group)
      this.groupSize[g]!++
      const n = d === TEMPO ? 3 : 1
      for (let j = 0; j < n; j++, c++) this.coordGroup[c] = g
    }
    for (; c < this.stride; c++) this.coordGroup[c] = TIMBRE_GROUP
    this.groupSize[TIMBRE_GROUP] = this.timbreDims
    this.timbreCenter = new Float64Array(this.timbreDims)
    this.timbreSpread = new Float64Array(this.timbreDims).fill(1)
    this.queryCoords = new Float32Array(this.stride)
    this.coordSqrtWeight = new Float64Array(this.stride)
    this.coordLossK = new Float64Array(this.stride)
    this.defaultCoordWeight = new Float64Array(this.stride)
    const dw = this.normalisedWeights(undefined)
    for (let k = 0; k < this.stride; k++) {
      const g = this.coordGroup[k] as number
      this.defaultCoordWeight[k] = (dw[g] as number) / (this.groupSize[g] as number)
    }
    if (entries) for (const e of entries) this.upsert(e)
  }

  get size(): number {
    return this.n
  }

  has(id: number): boolean {
    return this.slotOf.has(id)
  }

  /** Adds or replaces a track's fingerprint. Throws on a wrong length or a non-finite value. */
  upsert(e: SimilarityEntry): void {
    if (e.values.length !== DIMENSION_COUNT) {
      throw new Error(`fingerprint of track ${e.id} has ${e.values.length} values, expected ${DIMENSION_COUNT}`)
    }
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      if (!Number.isFinite(e.values[d])) {
        throw new Error(`fingerprint of track ${e.id} has a non-finite ${DIMENSION_KEYS[d]}: ${e.values[d]}`)
      }
    }
    let slot = this.slotOf.get(e.id)
    if (slot === undefined) {
      if (this.n === this.capacity) this.grow()
      slot = this.n++
      this.slotOf.set(e.id, slot)
      this.ids[slot] = e.id
    }
    this.hashes[slot] = e.contentHash
    this.raw.set(e.values, slot * DIMENSION_COUNT)
    const t = e.timbre
    const td = this.timbreDims
    if (t && t.length === TIMBRE_LENGTH && t.every(Number.isFinite)) {
      timbreCoords(t, this.tuning.timbreCoeffs, this.rawTimbre, slot * td)
    } else this.rawTimbre.fill(Number.NaN, slot * td, (slot + 1) * td)
    if (this.fitted) {
      this.scaleSlot(slot)
      if (!this.hubStale) this.hubFactor[slot] = this.hubFactorOf(slot)
    }
    this.changed()
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    const last = this.n - 1
    if (slot !== last) {
      // Keep the arrays dense: move the last track into the hole.
      const st = this.stride
      const td = this.timbreDims
      this.raw.copyWithin(slot * DIMENSION_COUNT, last * DIMENSION_COUNT, (last + 1) * DIMENSION_COUNT)
      this.rawTimbre.copyWithin(slot * td, last * td, (last + 1) * td)
      this.scaled.copyWithin(slot * st, last * st, (last + 1) * st)
      this.weighted.copyWithin(slot * st, last * st, (last + 1) * st)
      this.hubFactor[slot] = this.hubFactor[last] as number
      const movedId = this.ids[last]!
      this.ids[slot] = movedId
      this.hashes[slot] = this.hashes[last]!
      this.slotOf.set(movedId, slot)
    }
    this.ids.length = last
    this.hashes.length = last
    this.slotOf.delete(id)
    this.n = last
    this.changed()
  }

  /**
   * The k tracks most similar to track `id`, best first (the track itself excluded).
   * Throws when `id` has no fingerprint in the index or a weight is invalid.
   */
  query(id: number, opts: SimilarityQueryOptions = {}): SimilarityMatch[] {
    const q = this.slotOf.get(id)
    if (q === undefined) throw new Error(`track ${id} has no fingerprint yet`)
    const k = Math.min(Math.max(0, Math.floor(opts.k ?? 20)), this.n - 1)
    if (k <= 0) return []
    this.ensureFitted()
    if (this.hubStale) this.fitHubness()
    this.setWeights(opts.weights)

    const s = this.weighted
    const qc = this.queryCoords
    const kc = this.coordLossK
    const stride = this.stride
    const hub = this.hubFactor
    qc.set(s.subarray(q * stride, (q + 1) * stride))
    const heap = this.heap
    heap.reset(k)
    let worst = heap.bound
    // Checkpoints at which a row is abandoned once its scaled partial distance cannot enter the top k.
    const check1 = Math.min(stride, 16)
    const check2 = Math.min(stride, 32)

    for (let r = 0, off = 0; r < this.n; r++, off += stride) {
      if (r === q) continue
      // Squared weighted distance × the row's hubness factor, abandoned early once it cannot enter the top k.
      const f = hub[r] as number
      let dist = 0
      let c = 0
      for (; c < check1; c++) {
        const diff = (s[off + c] as number) - (qc[c] as number)
        const d2 = diff * diff
        dist += d2 / (1 + d2 * (kc[c] as number))
      }
      if (dist * f >= worst) continue
      for (; c < check2; c++) {
        const diff = (s[off + c] as number) - (qc[c] as number)
        const d2 = diff * diff
        dist += d2 / (1 + d2 * (kc[c] as number))
      }
      if (dist * f >= worst) continue
      for (; c < stride; c++) {
        const diff = (s[off + c] as number) - (qc[c] as number)
        const d2 = diff * diff
        dist += d2 / (1 + d2 * (kc[c] as number))
      }
      heap.offer(dist * f, r)
      worst = heap.bound
    }

    const size = heap.size
    const results: SimilarityMatch[] = new Array(size)
    const qHash = this.hashes[q]
    qc.set(this.scaled.subarray(q * stride, (q + 1) * stride))
    const fq = hub[q] as number
    for (let i = 0; i < size; i++) {
      const slot = heap.indexes[i] as number
      results[i] = this.describe(slot, q, qHash ?? null, fq)
    }
    results.sort((a, b) => b.score - a.score || a.id - b.id)
    return results
  }

  /**
   * 101 quantiles (0 %, 1 %, …, 100 %) of each dimension over the library (empty arrays when empty);
   * above 20 000 tracks estimated from an evenly strided sample of 20 000.
   */
  stats(): LibraryStats['quantiles'] {
    this.ensureFitted()
    if (!this.quantiles) {
      const empty = {} as LibraryStats['quantiles']
      for (const key of DIMENSION_KEYS) empty[key] = []
      return empty
    }
    const copy = {} as LibraryStats['quantiles']
    for (const key of DIMENSION_KEYS) copy[key] = this.quantiles[key].slice()
    return copy
  }

  /**
   * The weighted squared distance D² (score = exp(−D²/2)) from each track of `fromIds` to every indexed
   * track, computed in one pass over the index: `rows[q][i]` is the distance from `fromIds[q]` to `ids[i]`.
   * `ids` is the index's own slot order, valid until the next change. With `hubness: true` it is D'², D²
   * times both tracks' hubness factors, exactly as `query` ranks and scores; by default the plain D².
   * For the sonic radio and path (`radio.ts`, `sonic-path.ts`). Throws when an id has no fingerprint.
   */
  distancesFrom(
    fromIds: readonly number[],
    weights?: GroupWeights,
    opts: { hubness?: boolean } = {},
  ): { ids: readonly number[]; rows: Float64Array[] } {
    const slots = fromIds.map((id) => {
      const slot = this.slotOf.get(id)
      if (slot === undefined) throw new Error(`track ${id} has no fingerprint yet`)
      return slot
    })
    this.ensureFitted()
    if (this.hubStale) this.fitHubness()
    this.setWeights(weights)
    const q = slots.length
    const s = this.weighted
    const kc = this.coordLossK
    const hub = this.hubFactor
    const scaledByHub = opts.hubness === true
    const stride = this.stride
    const from = new Float32Array(q * stride)
    for (const [i, slot] of slots.entries()) from.set(s.subarray(slot * stride, (slot + 1) * stride), i * stride)
    const fromHub = slots.map((slot) => (scaledByHub ? (hub[slot] as number) : 1))
    const rows = slots.map(() => new Float64Array(this.n))
    for (let r = 0, off = 0; r < this.n; r++, off += stride) {
      const fr = scaledByHub ? (hub[r] as number) : 1
      for (let i = 0, qo = 0; i < q; i++, qo += stride) {
        let dist = 0
        for (let c = 0; c < stride; c++) {
          const diff = (s[off + c] as number) - (from[qo + c] as number)
          const d2 = diff * diff
          dist += d2 / (1 + d2 * (kc[c] as number))
        }
        ;(rows[i] as Float64Array)[r] = dist * fr * (fromHub[i] as number)
      }
    }
    return { ids: this.ids, rows }
  }

  /**
   * D² (as `distancesFrom`, with the same `hubness` option) between each track of `from` and each of
   * `to`: entry [i·to.length + j] is the distance from from[i] to to[j]. Throws when an id has no fingerprint.
   */
  pairDistances(
    from: readonly number[],
    to: readonly number[],
    weights?: GroupWeights,
    opts: { hubness?: boolean } = {},
  ): Float64Array {
    const slot = (id: number) => {
      const sl = this.slotOf.get(id)
      if (sl === undefined) throw new Error(`track ${id} has no fingerprint yet`)
      return sl
    }
    const fromSlot = from.map(slot)
    const toSlot = to.map(slot)
    this.ensureFitted()
    if (this.hubStale) this.fitHubness()
    this.setWeights(weights)
    const s = this.weighted
    const kc = this.coordLossK
    const hub = this.hubFactor
    const stride = this.stride
    const out = new Float64Array(from.length * to.length)
    for (let i = 0; i < fromSlot.length; i++) {
      const oa = (fromSlot[i] as number) * stride
      for (let j = 0; j < toSlot.length; j++) {
        const ob = (toSlot[j] as number) * stride
        let dist = 0
        for (let c = 0; c < stride; c++) {
          const diff = (s[oa + c] as number) - (s[ob + c] as number)
          const d2 = diff * diff
          dist += d2 / (1 + d2 * (kc[c] as number))
        }
        out[i * toSlot.length + j] =
          opts.hubness === true
            ? dist * (hub[fromSlot[i] as number] as number) * (hub[toSlot[j] as number] as number)
            : dist
      }
    }
    return out
  }

  /**
   * Each track's hubness factor f (see the module comment; 1 for a track that is not indexed): D² times
   * a candidate's f ranks candidates exactly as `query` does.
   */
  hubnessFactors(ids: readonly number[]): Float64Array {
    this.ensureFitted()
    if (this.hubStale) this.fitHubness()
    const out = new Float64Array(ids.length)
    for (let i = 0; i < ids.length; i++) {
      const slot = this.slotOf.get(ids[i] as number)
      out[i] = slot === undefined ? 1 : (this.hubFactor[slot] as number)
    }
    return out
  }

  /**
   * True when two indexed tracks are the same audio by `query`'s `duplicate` rule (same content hash,
   * every scaled coordinate within 0.005 z, or a lossy re-encode: see the module comment), whatever the
   * weights. False when either is not indexed.
   */
  isDuplicate(a: number, b: number): boolean {
    const sa = this.slotOf.get(a)
    const sb = this.slotOf.get(b)
    if (sa === undefined || sb === undefined) return false
    const ha = this.hashes[sa]
    if (ha && ha === this.hashes[sb]) return true
    this.ensureFitted()
    return this.sameAudio(sa, sb).duplicate
  }

  /**
   * The distance of slot b from slot a under the default weights (before hubness scaling), the largest
   * coordinate difference, and whether that makes them the same audio (ignoring content hashes).
   */
  private sameAudio(a: number, b: number): { duplicate: boolean } {
    const s = this.scaled
    const stride = this.stride
    let maxDiff = 0
    let d2 = 0
    for (let c = 0, oa = a * stride, ob = b * stride; c < stride; c++) {
      const diff = (s[ob + c] as number) - (s[oa + c] as number)
      d2 += (this.defaultCoordWeight[c] as number) * robustSquare(diff)
      maxDiff = Math.max(maxDiff, Math.abs(diff))
    }
    // A lossy re-encode: close on everything, judged only when both have the fine-grained timbre.
    const td = this.timbreDims
    const reencode =
      d2 <= DUPLICATE_D2 &&
      !Number.isNaN(this.rawTimbre[a * td] as number) &&
      !Number.isNaN(this.rawTimbre[b * td] as number)
    return { duplicate: maxDiff <= DUPLICATE_Z || reencode }
  }

  /** The score, duplicate flag and per-group agreement of one kept result (fq: the query's hubness factor). */
  private describe(slot: number, qSlot: number, qHash: string | null, fq: number): SimilarityMatch {
    const s = this.scaled
    const qc = this.queryCoords
    const stride = this.stride
    const off = slot * stride
    const sums = this.groupSums.fill(0)
    const groupWeight = this.groupWeight
    for (let c = 0; c < stride; c++) {
      sums[this.coordGroup[c] as number]! += robustSquare((s[off + c] as number) - (qc[c] as number))
    }
    const groups = {} as Record<SimilarityGroupKey, number>
    let d2 = 0
    for (let g = 0; g < GROUP_COUNT; g++) {
      const mean = (sums[g] as number) / (this.groupSize[g] as number)
      groups[GROUP_KEYS[g] as SimilarityGroupKey] = Math.exp(-mean / 2)
      d2 += (groupWeight[g] as number) * mean
    }
    const hash = this.hashes[slot]
    return {
      id: this.ids[slot]!,
      score: Math.exp((-d2 * fq * (this.hubFactor[slot] as number)) / 2),
      duplicate: (qHash !== null && hash === qHash) || this.sameAudio(qSlot, slot).duplicate,
      groups,
    }
  }

  /** The default weights multiplied by `weights`, normalised to sum to 1 (throws on an invalid weight). */
  private normalisedWeights(weights: GroupWeights | undefined): Float64Array {
    const gw = new Float64Array(GROUP_COUNT)
    let total = 0
    for (let g = 0; g < GROUP_COUNT; g++) {
      const key = GROUP_KEYS[g] as SimilarityGroupKey
      const v = weights?.[key] ?? 1
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new Error(`weight of group ${key} must be a finite number ≥ 0, got ${v}`)
      }
      gw[g] = v * this.tuning.weights[key]
      total += gw[g] as number
    }
    if (total <= 0) throw new Error('at least one group weight must be greater than 0')
    for (let g = 0; g < GROUP_COUNT; g++) gw[g] = (gw[g] as number) / total
    return gw
  }

  /**
   * Fills the normalised group weights and the per-coordinate weights, and rebuilds the weighted
   * coordinates when they were made for other weights.
   */
  private setWeights(weights: GroupWeights | undefined): void {
    const gw = this.groupWeight
    gw.set(this.normalisedWeights(weights))
    for (let c = 0; c < this.stride; c++) {
      const g = this.coordGroup[c] as number
      const w = (gw[g] as number) / (this.groupSize[g] as number)
      this.coordSqrtWeight[c] = Math.sqrt(w)
      this.coordLossK[c] = w > 0 ? 1 / (w * ROBUST_C * ROBUST_C) : 0
    }
    const key = gw.join(',')
    if (key !== this.weightsKey) {
      this.weightsKey = key
      for (let slot = 0; slot < this.n; slot++) this.weighSlot(slot)
    }
  }

  /** Writes the weighted coordinates of one track from its scaled ones. */
  private weighSlot(slot: number): void {
    const off = slot * this.stride
    for (let c = 0; c < this.stride; c++) {
      this.weighted[off + c] = (this.scaled[off + c] as number) * (this.coordSqrtWeight[c] as number)
    }
  }

  private changed(): void {
    this.changesSinceFit++
    this.quantiles = null
  }

  private ensureFitted(): void {
    if (this.n === 0) {
      this.quantiles = null
      return
    }
    const stale =
      !this.fitted ||
      (this.changesSinceFit > 0 &&
        (this.n < ALWAYS_REFIT_BELOW || this.changesSinceFit > REFIT_FRACTION * this.fittedCount))
    if (stale) this.fit()
    else if (!this.quantiles) this.computeQuantiles()
  }

  /** Recomputes medians, IQRs and quantiles from the library, then rescales every track. */
  private fit(): void {
    const column = new Float32Array(Math.min(this.n, QUANTILE_SAMPLE))
    const quantiles = {} as LibraryStats['quantiles']
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const sorted = this.sortedColumn(d, column)
      quantiles[DIMENSION_KEYS[d] as DimensionKey] = this.hundredths(sorted)
      const info = DIMENSIONS[d]!
      const width = info.range[1] - info.range[0]
      const median = quantileSorted(sorted, 0.5)
      const iqrSigma = (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / 1.349
      this.center[d] = median
      this.spread[d] =
        this.n < SMALL_LIBRARY
          ? SMALL_LIBRARY_SPREAD_OF_RANGE * width
          : Math.max(iqrSigma, NOISE_FLOOR[DIMENSION_KEYS[d] as DimensionKey])
    }
    this.fitTimbre()
    this.quantiles = quantiles
    this.fitted = true
    this.fittedCount = this.n
    this.changesSinceFit = 0
    for (let slot = 0; slot < this.n; slot++) this.scaleSlot(slot)
    this.hubStale = true
  }

  /** Median and robust spread of each timbre coordinate over the tracks that have a descriptor. */
  private fitTimbre(): void {
    const td = this.timbreDims
    const coeffs = this.tuning.timbreCoeffs
    const m = Math.min(this.n, QUANTILE_SAMPLE)
    const step = this.n / m
    const column: number[] = []
    for (let c = 0; c < td; c++) {
      column.length = 0
      for (let i = 0; i < m; i++) {
        const v = this.rawTimbre[Math.floor(i * step) * td + c] as number
        if (!Number.isNaN(v)) column.push(v)
      }
      const sorted = Float32Array.from(column).sort()
      const floor = c < coeffs - 1 ? TIMBRE_MEAN_FLOOR : TIMBRE_STD_FLOOR
      this.timbreCenter[c] = quantileSorted(sorted, 0.5)
      this.timbreSpread[c] =
        sorted.length < SMALL_LIBRARY
          ? 10 * floor
          : Math.max((quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / 1.349, floor)
    }
  }

  /**
   * Mean distance D² (default weights) of a track to its hubKRef nearest reference tracks, itself
   * excluded; `best` is scratch space of at least hubKRef entries.
   */
  private neighbourhood(slot: number, best: Float64Array): number {
    const refs = this.refIds.length
    const id = this.ids[slot]
    const st = this.stride
    const w = this.defaultCoordWeight
    const a = this.scaled
    const b = this.refCoords
    const aOff = slot * st
    const k = this.hubKRef
    let kept = 0
    let worst = Number.POSITIVE_INFINITY
    for (let r = 0; r < refs; r++) {
      if (this.refIds[r] === id) continue
      const bOff = r * st
      let d = 0
      for (let c = 0; c < st; c++) {
        const diff = (a[aOff + c] as number) - (b[bOff + c] as number)
        const d2 = diff * diff
        d += ((w[c] as number) * d2) / (1 + d2 / (ROBUST_C * ROBUST_C))
        if (d >= worst) break
      }
      if (d >= worst) continue
      // Insert into the sorted list of the k smallest.
      let i = kept < k ? kept++ : k - 1
      while (i > 0 && (best[i - 1] as number) > d) {
        best[i] = best[i - 1] as number
        i--
      }
      best[i] = d
      if (kept === k) worst = best[k - 1] as number
    }
    if (kept === 0) return 0
    let sum = 0
    for (let i = 0; i < kept; i++) sum += best[i] as number
    return sum / kept
  }

  private hubFactorOf(slot: number): number {
    if (this.tuning.hubAlpha === 0 || this.refIds.length < 2) return 1
    const s = this.neighbourhood(slot, new Float64Array(this.hubKRef))
    return this.factorOf(s)
  }

  /** f = (s̄ / s)^α within [1/HUB_FACTOR_MAX, HUB_FACTOR_MAX] (1 when undefined). */
  private factorOf(s: number): number {
    if (!(s > 0) || !(this.hubMedian > 0)) return 1
    const f = (this.hubMedian / s) ** this.tuning.hubAlpha
    return Math.min(HUB_FACTOR_MAX, Math.max(1 / HUB_FACTOR_MAX, f))
  }

  /** The reference set and every track's hubness factor (see the module comment). */
  private fitHubness(): void {
    this.hubStale = false
    const n = this.n
    this.hubFactor.fill(1, 0, n)
    if (this.tuning.hubAlpha === 0 || n < 3) {
      this.refIds = []
      return
    }
    const st = this.stride
    const m = n <= HUB_EXACT_BELOW ? n : HUB_SAMPLE
    const step = n / m
    this.refCoords = new Float32Array(m * st)
    this.refIds = new Array(m)
    for (let i = 0; i < m; i++) {
      const slot = Math.floor(i * step)
      this.refCoords.set(this.scaled.subarray(slot * st, (slot + 1) * st), i * st)
      this.refIds[i] = this.ids[slot]!
    }
    // With a sample, the k nearest of n correspond to about k·m/n of the sample (at least 1).
    this.hubKRef = m === n ? Math.min(this.tuning.hubK, n - 1) : Math.max(1, Math.round((this.tuning.hubK * m) / n))
    const s = new Float64Array(n)
    const scratch = new Float64Array(this.hubKRef)
    for (let slot = 0; slot < n; slot++) s[slot] = this.neighbourhood(slot, scratch)
    const sorted = Float64Array.from(s).sort()
    this.hubMedian = sorted[Math.floor(n / 2)] as number
    for (let slot = 0; slot < n; slot++) this.hubFactor[slot] = this.factorOf(s[slot] as number)
  }

  private computeQuantiles(): void {
    const column = new Float32Array(Math.min(this.n, QUANTILE_SAMPLE))
    const quantiles = {} as LibraryStats['quantiles']
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      quantiles[DIMENSION_KEYS[d] as DimensionKey] = this.hundredths(this.sortedColumn(d, column))
    }
    this.quantiles = quantiles
  }

  /** Dimension d of every track (or of an evenly strided sample, see QUANTILE_SAMPLE), sorted. */
  private sortedColumn(d: number, column: Float32Array): Float32Array {
    const raw = this.raw
    const m = column.length
    const step = this.n / m
    for (let i = 0; i < m; i++) column[i] = raw[Math.floor(i * step) * DIMENSION_COUNT + d] as number
    return column.sort()
  }

  private hundredths(sorted: Float32Array): number[] {
    const out = new Array<number>(101)
    for (let i = 0; i <= 100; i++) out[i] = quantileSorted(sorted, i / 100)
    return out
  }

  /** Writes the scaled coordinates of one track from its raw values. */
  private scaleSlot(slot: number): void {
    const raw = this.raw
    const out = this.scaled
    const r = slot * DIMENSION_COUNT
    let c = slot * this.stride
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const x = raw[r + d] as number
      if (d === TEMPO) {
        const t = Math.log2(Math.min(400, Math.max(20, x)))
        const angle = 2 * Math.PI * t
        const stability = raw[r + STABILITY] as number
        const trust = Number.isFinite(stability)
          ? Math.min(1, Math.max(0, (stability - TEMPO_TRUST_FROM) / (TEMPO_TRUST_FULL - TEMPO_TRUST_FROM)))
          : 0
        out[c++] = trust * TEMPO_RADIUS * Math.cos(angle)
        out[c++] = trust * TEMPO_RADIUS * Math.sin(angle)
        out[c++] = trust * TEMPO_OCTAVE_PENALTY * t
      } else {
        out[c++] = softZ((x - (this.center[d] as number)) / (this.spread[d] as number))
      }
    }
    const td = this.timbreDims
    for (let j = 0; j < td; j++) {
      const x = this.rawTimbre[slot * td + j] as number
      out[c++] = Number.isNaN(x) ? 0 : softZ((x - (this.timbreCenter[j] as number)) / (this.timbreSpread[j] as number))
    }
    if (this.weightsKey) this.weighSlot(slot)
  }

  private grow(): void {
    const cap = Math.max(1024, this.capacity * 2)
    const raw = new Float32Array(cap * DIMENSION_COUNT)
    raw.set(this.raw)
    const rawTimbre = new Float32Array(cap * this.timbreDims)
    rawTimbre.set(this.rawTimbre)
    this.rawTimbre = rawTimbre
    const hubFactor = new Float32Array(cap).fill(1)
    hubFactor.set(this.hubFactor)
    this.hubFactor = hubFactor
    const scaled = new Float32Array(cap * this.stride)
    scaled.set(this.scaled)
    const weighted = new Float32Array(cap * this.stride)
    weighted.set(this.weighted)
    this.weighted = weighted
    this.raw = raw
    this.scaled = scaled
    this.capacity = cap
  }
}
