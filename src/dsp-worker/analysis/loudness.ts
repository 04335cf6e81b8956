/**
 * Loudness per ITU-R BS.1770-4 / EBU R128 (integrated loudness) and EBU Tech 3342 (loudness range).
 *
 * `TimeDomainStage` drives this module segment by segment:
 * - `kWeighting(sr)`: the two K-weighting biquads, derived for the actual sample rate;
 * - `kWeightedEnergy`: the per-sample filter, returning the K-weighted energy of a stretch of samples;
 * - `LoudnessBlocks`: turns 100 ms sub-block energies into 400 ms gating blocks (75 % overlap) and
 *   3 s short-term windows (10 Hz), and keeps what the gates need;
 * - `integratedLoudness` / `loudnessRange`: the two gated statistics.
 *
 * Conventions follow ffmpeg's `ebur128` filter (the reference our tests compare against): blocks end on
 * 100 ms boundaries counted from the first sample, a block (window) is only measured once 400 ms (3 s)
 * of audio exist, a trailing partial 100 ms is not measured, channel weights are 1.0 for L and R, and
 * a mono file is one channel.
 */

/** One biquad section `H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²)`. */
export interface Biquad {
  readonly b0: number
  readonly b1: number
  readonly b2: number
  readonly a1: number
  readonly a2: number
}

/**
 * The K-weighting filter of BS.1770-4 at sample rate `sr`: stage 1 is the pre-filter (a high shelf of
 * ≈ +4 dB above ≈ 1.7 kHz modelling the head), stage 2 the RLB high-pass (≈ 38 Hz).
 *
 * BS.1770 only tabulates coefficients for 48 kHz. We derive them for any rate from the analog
 * prototypes by the bilinear transform with pre-warping (`K = tan(π f0 / sr)`), with the prototype
 * parameters (f0, gain, Q) that reproduce the 48 kHz table — the method of libebur128 and ffmpeg. As
 * in the standard's table, the RLB numerator is left un-normalised at (1, −2, 1).
 */
export function kWeighting(sr: number): { pre: Biquad; rlb: Biquad } {
  // Pre-filter: high shelf.
  let f0 = 1681.974450955533
  const gainDb = 3.999843853973347
  let q = 0.7071752369554196
  let k = Math.tan((Math.PI * f0) / sr)
  const vh = 10 ** (gainDb / 20)
  const vb = vh ** 0.4996667741545416
  let a0 = 1 + k / q + k * k
  const pre: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  }
  // RLB: second-order high-pass.
  f0 = 38.13547087602444
  q = 0.5003270373238773
  k = Math.tan((Math.PI * f0) / sr)
  a0 = 1 + k / q + k * k
  const rlb: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 }
  return { pre, rlb }
}

/** K-weighting filter memory per channel for `kWeightedEnergy` / `kWeightedEnergyStereo`. */
export const K_STATE_SIZE = 4

/**
 * Runs `x[start..end)` through the K-weighting filter `k` (pre-filter, then RLB) and returns the sum
 * of the squared output. `state[offset … offset+3]` carries the filter memory between calls.
 *
 * Form: each biquad in direct form II (`w = x − a1·w₋₁ − a2·w₋₂`, `y = b0·w + b1·w₋₁ + b2·w₋₂`, as
 * libebur128), in double precision. Two states per biquad keep everything in registers, and with
 * the `a1` term subtracted last the loop-carried dependency is one multiply and one subtract per
 * sample (the other forms weighed: docs/analysis-performance.md). The RLB numerator is the fixed (1, −2, 1). States below 1e-30 are
 * flushed to zero on return so digital silence never computes on denormals.
 */
export function kWeightedEnergy(
  x: Float32Array,
  start: number,
  end: number,
  k: { pre: Biquad; rlb: Biquad },
  state: Float64Array,
  offset: number,
): number {
  const b0 = k.pre.b0
  const b1 = k.pre.b1
  const b2 = k.pre.b2
  const a1 = k.pre.a1
  const a2 = k.pre.a2
  const c1 = k.rlb.a1
  const c2 = k.rlb.a2
  let w1 = state[offset] as number
  let w2 = state[offset + 1] as number
  let u1 = state[offset + 2] as number
  let u2 = state[offset + 3] as number
  let energy = 0
  for (let i = start; i < end; i++) {
    const w = (x[i] as number) - a2 * w2 - a1 * w1
    const u = b0 * w + b1 * w1 + b2 * w2 - c2 * u2 - c1 * u1
    const kw = u - 2 * u1 + u2
    w2 = w1
    w1 = w
    u2 = u1
    u1 = u
    energy += kw * kw
  }
  state[offset] = flushDenormal(w1)
  state[offset + 1] = flushDenormal(w2)
  state[offset + 2] = flushDenormal(u1)
  state[offset + 3] = flushDenormal(u2)
  return energy
}

/**
 * `kWeightedEnergy` of two channels in one loop (the two independent recursions overlap in the CPU
 * pipeline): returns ΣkL² + ΣkR² (channel weights 1.0). `state[0..3]` is L's memory, `[4..7]` R's.
 */
export function kWeightedEnergyStereo(
  left: Float32Array,
  right: Float32Array,
  start: number,
  end: number,
  k: { pre: Biquad; rlb: Biquad },
  state: Float64Array,
): number {
  const b0 = k.pre.b0
  const b1 = k.pre.b1
  const b2 = k.pre.b2
  const a1 = k.pre.a1
  const a2 = k.pre.a2
  const c1 = k.rlb.a1
  const c2 = k.rlb.a2
  let lw1 = state[0] as number
  let lw2 = state[1] as number
  let lu1 = state[2] as number
  let lu2 = state[3] as number
  let rw1 = state[4] as number
  let rw2 = state[5] as number
  let ru1 = state[6] as number
  let ru2 = state[7] as number
  let energy = 0
  for (let i = start; i < end; i++) {
    const lw = (left[i] as number) - a2 * lw2 - a1 * lw1
    const lu = b0 * lw + b1 * lw1 + b2 * lw2 - c2 * lu2 - c1 * lu1
    const lk = lu - 2 * lu1 + lu2
    lw2 = lw1
    lw1 = lw
    lu2 = lu1
    lu1 = lu
    const rw = (right[i] as number) - a2 * rw2 - a1 * rw1
    const ru = b0 * rw + b1 * rw1 + b2 * rw2 - c2 * ru2 - c1 * ru1
    const rk = ru - 2 * ru1 + ru2
    rw2 = rw1
    rw1 = rw
    ru2 = ru1
    ru1 = ru
    energy += lk * lk + rk * rk
  }
  state[0] = flushDenormal(lw1)
  state[1] = flushDenormal(lw2)
  state[2] = flushDenormal(lu1)
  state[3] = flushDenormal(lu2)
  state[4] = flushDenormal(rw1)
  state[5] = flushDenormal(rw2)
  state[6] = flushDenormal(ru1)
  state[7] = flushDenormal(ru2)
  return energy
}

function flushDenormal(v: number): number {
  return Math.abs(v) < 1e-30 ? 0 : v
}

/** BS.1770 loudness of a channel-summed, K-weighted mean square: `−0.691 + 10·log10(power)` (LUFS). */
export function powerToLufs(power: number): number {
  return -0.691 + 10 * Math.log10(power)
}

/** Absolute gate for integrated loudness and loudness range, and our floor for `lufs` (LUFS). */
const ABSOLUTE_GATE_LUFS = -70
/** Relative gate of BS.1770-4 integrated loudness (LU below the absolute-gated mean). */
const RELATIVE_GATE_LU = -10
/** Relative gate of EBU Tech 3342 loudness range (LU). */
const LRA_RELATIVE_GATE_LU = -20
/** Mean-square power at the absolute gate: `powerToLufs(ABSOLUTE_GATE_POWER) = −70`. */
export const ABSOLUTE_GATE_POWER = 10 ** ((ABSOLUTE_GATE_LUFS + 0.691) / 10)

/** A Float64Array that grows by doubling (amortised O(1) append, no per-item allocation). */
export class Float64List {
  data: Float64Array
  length = 0
  constructor(capacity = 256) {
    this.data = new Float64Array(capacity)
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
  /** A view of the stored values (valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

/**
 * Integrated loudness (LUFS) of gating-block powers (channel-summed K-weighted mean squares of the
 * 400 ms blocks): absolute gate −70 LUFS, then relative gate −10 LU below the loudness of the mean
 * power of the blocks that passed; the result is the loudness of the mean power of the blocks passing
 * both. Floored at −70 LUFS (also the value when no block passes).
 */
export function integratedLoudness(blockPowers: Float64Array): number {
  let sum = 0
  let count = 0
  for (const p of blockPowers) {
    if (p >= ABSOLUTE_GATE_POWER) {
      sum += p
      count++
    }
  }
  if (count === 0) return ABSOLUTE_GATE_LUFS
  const relativeGate = (sum / count) * 10 ** (RELATIVE_GATE_LU / 10)
  sum = 0
  count = 0
  for (const p of blockPowers) {
    if (p >= ABSOLUTE_GATE_POWER && p >= relativeGate) {
      sum += p
      count++
    }
  }
  if (count === 0) return ABSOLUTE_GATE_LUFS
  return Math.max(ABSOLUTE_GATE_LUFS, powerToLufs(sum / count))
}

/**
 * Loudness range (LU) per EBU Tech 3342 from short-term (3 s) window powers taken at 10 Hz: absolute
 * gate −70 LUFS, relative gate −20 LU below the loudness of the mean power of the absolutely gated
 * windows, then the difference between the 95th and 10th percentiles of the remaining short-term
 * loudness values. Percentiles are nearest-rank on the ascending values: the p-th percentile is the
 * `round(p·n)`-th smallest (1-based; at least the first), the convention of ffmpeg's `ebur128`, the
 * reference we are held to. 0 when no window passes (e.g. tracks shorter than 3 s).
 */
export function loudnessRange(shortTermPowers: Float64Array): number {
  let sum = 0
  let count = 0
  for (const p of shortTermPowers) {
    if (p >= ABSOLUTE_GATE_POWER) {
      sum += p
      count++
    }
  }
  if (count === 0) return 0
  const relativeGate = (sum / count) * 10 ** (LRA_RELATIVE_GATE_LU / 10)
  const gated = new Float64Array(count)
  let n = 0
  for (const p of shortTermPowers) if (p >= ABSOLUTE_GATE_POWER && p >= relativeGate) gated[n++] = p
  if (n === 0) return 0
  const sorted = gated.subarray(0, n).sort()
  const rank = (p: number) => Math.min(n - 1, Math.max(0, Math.floor(p * n + 0.5) - 1))
  const low = sorted[rank(0.1)] as number
  const high = sorted[rank(0.95)] as number
  return Math.max(0, powerToLufs(high) - powerToLufs(low))
}

/**
 * Collects 100 ms sub-block energies and forms, after each sub-block, the 400 ms gating block ending
 * there (sum of the last 4 sub-blocks) and the 3 s short-term window ending there (last 30).
 *
 * Each sub-block carries two energies: `kEnergy`, the K-weighted squared samples summed over the
 * channels (weights 1.0), which defines the loudness; and `rawEnergy`, any other energy the caller
 * wants averaged over the blocks that pass the absolute gate (the crest factor's RMS).
 */
export class LoudnessBlocks {
  /** Power (K-weighted mean square, channel-summed) of every 400 ms gating block, in order. */
  readonly blockPowers = new Float64List(1024)
  /** Power of every 3 s short-term window, one per 100 ms once 3 s exist. */
  readonly shortTermPowers = new Float64List(1024)
  private readonly kRing = new Float64Array(30)
  private readonly rawRing = new Float64Array(4)
  private subBlocks = 0
  private gatedRawSum = 0
  private gatedBlocks = 0

  /** `subBlockLength`: samples per 100 ms sub-block (per channel). */
  constructor(readonly subBlockLength: number) {}

  pushSubBlock(kEnergy: number, rawEnergy: number): void {
    const s = this.subBlocks++
    this.kRing[s % 30] = kEnergy
    this.rawRing[s % 4] = rawEnergy
    if (this.subBlocks >= 4) {
      const r = this.kRing
      const k4 =
        (r[s % 30] as number) +
        (r[(s + 29) % 30] as number) +
        (r[(s + 28) % 30] as number) +
        (r[(s + 27) % 30] as number)
      const power = k4 / (4 * this.subBlockLength)
      this.blockPowers.push(power)
      if (power >= ABSOLUTE_GATE_POWER) {
        const w = this.rawRing
        this.gatedRawSum += (w[0] as number) + (w[1] as number) + (w[2] as number) + (w[3] as number)
        this.gatedBlocks++
      }
    }
    if (this.subBlocks >= 30) {
      let k30 = 0
      for (const e of this.kRing) k30 += e
      this.shortTermPowers.push(k30 / (30 * this.subBlockLength))
    }
  }

  /** Integrated loudness (LUFS) of the blocks so far. */
  integrated(): number {
    return integratedLoudness(this.blockPowers.view())
  }

  /** Loudness range (LU) of the short-term windows so far. */
  range(): number {
    return loudnessRange(this.shortTermPowers.view())
  }

  /**
   * Mean over the blocks passing the absolute gate of `rawEnergy / (4·subBlockLength)` (divide by
   * the channel count for a per-channel mean square); 0 when no block passes.
   */
  gatedRawMeanSquare(): number {
    return this.gatedBlocks === 0 ? 0 : this.gatedRawSum / (this.gatedBlocks * 4 * this.subBlockLength)
  }
}
