/**
 * Full-rate spectral dimensions (spec: "Frequency balance", `bass_mid_ratio_db`, "Spectral shape")
 * from one decimated Hann STFT of the mono mix m at the native rate `sr`.
 *
 * Frames: N = the power of two nearest to 46.4 ms (2048 at 44.1 and 48 kHz, 4096 at 88.2/96 kHz,
 * 8192 at 176.4/192 kHz, 512 at 8 kHz; bins 21.5–23.4 Hz apart at the common rates), periodic Hann
 * window, frames start on multiples of N.
 * Every frame (hop N: each sample is in exactly one frame) feeds the band sums; the per-frame shape
 * values (centroid, roll-off, flatness; medians) use every D-th non-silent frame, D = max(1, ⌊0.2·sr / N⌋):
 * every 4th at 44.1 kHz, 5.4 frames per second of audio (why not decimate the band sums too:
 * docs/analysis-notes.md, "Spectral"). Silent frame: RMS of its m samples < −60 dBFS
 * (mean square < 1e-6). A stream shorter than one frame is zero-padded to one.
 *
 * Power spectrum P[k] = |X[k]|² of the unnormalised FFT of the windowed frame, bin k at f = k·sr/N.
 * - Bands: bins are assigned by their centre frequency to sub_bass [20, 60), bass [60, 250),
 *   low_mid [250, 500), mid [500, 2000), upper_mid [2000, 4000), presence [4000, 6000),
 *   air [6000, top), top = min(20 kHz, sr/2) (the Nyquist bin is excluded). Each share is the band's
 *   power summed over the non-silent frames divided by the power of all bins in [20, top): the mean
 *   spectrum's shares, summing to 1 up to rounding (all 0 in the degenerate case of no power at
 *   all in [20, top), e.g. pure DC or only ultrasonic content).
 * - bass_mid_ratio_db = 10·log10(P[20, 250) / P[250, 2000)) from the same sums, clamped to ±40.
 * - spectral_centroid_hz = Σ f_k|X_k| / Σ |X_k| over all bins 0..N/2, median over non-silent frames.
 * - spectral_rolloff_hz = f_k of the lowest bin k where the cumulative power from DC reaches 85 %
 *   of the frame's total, median over non-silent frames.
 * - spectral_flatness = exp(mean ln P̃) / mean P̃ over the bins with 20 Hz ≤ f_k ≤ min(16 kHz, sr/2),
 *   P̃ = max(P, 1e-10), median over non-silent frames.
 * Every non-silent frame's power spectrum also feeds the timbre descriptor (`timbre.ts`).
 */
import { hann, RealFFT } from './fft'
import { Series } from './median'
import { type AnalysisStage, SILENCE_MEAN_SQUARE } from './stage'
import { TimbreAccumulator } from './timbre'

type Keys =
  | 'sub_bass'
  | 'bass'
  | 'low_mid'
  | 'mid'
  | 'upper_mid'
  | 'presence'
  | 'air'
  | 'bass_mid_ratio_db'
  | 'spectral_centroid_hz'
  | 'spectral_rolloff_hz'
  | 'spectral_flatness'

/** Lower edges (Hz) of the seven bands, in the order of BAND_KEYS. */
const BAND_EDGES_HZ = [20, 60, 250, 500, 2000, 4000, 6000] as const
export const BAND_KEYS = ['sub_bass', 'bass', 'low_mid', 'mid', 'upper_mid', 'presence', 'air'] as const

const ROLLOFF = 0.85
const FLATNESS_FLOOR = 1e-10

/**
 * STFT frame length for `sr`: the power of two nearest (in log scale) to 46.4 ms, i.e. 2048 at
 * 44.1 kHz, so the bin spacing stays near 21.5 Hz at every common rate (23.4 Hz at 48 and 96 kHz…),
 * which keeps the same recording at another rate comparable.
 */
export function spectralFrameSize(sr: number): number {
  return 2 ** Math.round(Math.log2((sr * 2048) / 44100))
}

export class SpectralStage implements AnalysisStage<Keys> {
  readonly frameSize: number
  /** Shape values are taken from every `shapeEvery`-th non-silent frame (D). */
  readonly shapeEvery: number
  private readonly fft: RealFFT
  private readonly window: Float64Array
  private readonly power: Float64Array
  /** First bin of each band (bins k with f_k in its range), and one past the last band's end. */
  private readonly bandStart = new Int32Array(8)
  private readonly flatLo: number
  private readonly flatHi: number
  private readonly binHz: number
  private readonly frame: Float32Array
  private filled = 0
  /** Non-silent frames still to pass before the next one whose shape is measured. */
  private shapeCountdown = 0
  private readonly bandPower = new Float64Array(7)
  private readonly centroids = new Series()
  private readonly rolloffs = new Series()
  private readonly flatnesses = new Series()
  /** Mel-cepstral Gaussian over the same non-silent frames (`timbre.ts`). */
  readonly timbre: TimbreAccumulator
  /** Non-silent frames analysed. */
  frames = 0

  constructor(readonly sampleRate: number) {
    const n = spectralFrameSize(sampleRate)
    this.frameSize = n
    this.shapeEvery = Math.max(1, Math.floor((0.2 * sampleRate) / n))
    this.fft = new RealFFT(n)
    this.window = hann(n)
    this.power = new Float64Array(n / 2 + 1)
    this.frame = new Float32Array(n)
    this.timbre = new TimbreAccumulator(sampleRate, n, this.window)
    const binHz = sampleRate / n
    this.binHz = binHz
    const top = Math.min(20000, sampleRate / 2)
    // bandStart[b] = first bin with f_k ≥ edge b; bandStart[7] = first bin with f_k ≥ top (k < n/2).
    const firstBinAtOrAbove = (hz: number) => Math.min(n / 2, Math.ceil(hz / binHz - 1e-9))
    for (let b = 0; b < 7; b++) this.bandStart[b] = firstBinAtOrAbove(BAND_EDGES_HZ[b] as number)
    this.bandStart[7] = firstBinAtOrAbove(top)
    for (let b = 1; b < 8; b++)
      this.bandStart[b] = Math.max(this.bandStart[b] as number, this.bandStart[b - 1] as number)
    this.flatLo = Math.ceil(20 / binHz)
    this.flatHi = Math.min(n / 2, Math.floor(Math.min(16000, sampleRate / 2) / binHz)) + 1
  }

  push(_left: Float32Array, _right: Float32Array, mono: Float32Array): void {
    const n = this.frameSize
    let i = 0
    const len = mono.length
    while (i < len) {
      const take = Math.min(n - this.filled, len - i)
      this.frame.set(mono.subarray(i, i + take), this.filled)
      this.filled += take
      i += take
      if (this.filled === n) {
        this.filled = 0
        this.analyse()
      }
    }
  }

  /**
   * Analyses the buffered frame; returns false (and does nothing else) when it is silent. `valid` is
   * the number of real samples (less than N only for a zero-padded final frame).
   */
  private analyse(valid = this.frameSize): boolean {
    const x = this.frame
    const n = this.frameSize
    const w = this.window
    // One pass: the mean square for the silence test and the windowed frame for the transform.
    // Four partial sums: one chain of dependent additions would bound the loop by the add latency.
    const input = this.fft.input()
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let j = 0; j < n; j += 4) {
      const a = x[j] as number
      const b = x[j + 1] as number
      const c = x[j + 2] as number
      const d = x[j + 3] as number
      s0 += a * a
      s1 += b * b
      s2 += c * c
      s3 += d * d
      input[j] = a * (w[j] as number)
      input[j + 1] = b * (w[j + 1] as number)
      input[j + 2] = c * (w[j + 2] as number)
      input[j + 3] = d * (w[j + 3] as number)
    }
    const ss = s0 + s1 + (s2 + s3)
    if (ss / valid < SILENCE_MEAN_SQUARE) return false
    this.frames++
    const p = this.power
    this.fft.powerOfInput(p)
    this.timbre.add(p)
    const half = n / 2
    const binHz = this.binHz

    // Bands are contiguous bin ranges: bandStart[b] ≤ k < bandStart[b + 1].
    const starts = this.bandStart
    const bp = this.bandPower
    for (let b = 0; b < 7; b++) {
      const e = starts[b + 1] as number
      let k = starts[b] as number
      let u0 = 0
      let u1 = 0
      for (; k + 1 < e; k += 2) {
        u0 += p[k] as number
        u1 += p[k + 1] as number
      }
      if (k < e) u0 += p[k] as number
      bp[b] = (bp[b] as number) + (u0 + u1)
    }

    if (this.shapeCountdown > 0) {
      this.shapeCountdown--
      return true
    }
    this.shapeCountdown = this.shapeEvery - 1

    let total = 0
    let magSum = 0
    let magFreq = 0
    for (let k = 0; k <= half; k++) {
      const pk = p[k] as number
      total += pk
      const mag = Math.sqrt(pk)
      magSum += mag
      magFreq += mag * k
    }
    this.centroids.push(magSum > 0 ? (magFreq / magSum) * binHz : 0)

    const target = ROLLOFF * total
    let cum = 0
    let k85 = half
    for (let k = 0; k <= half; k++) {
      cum += p[k] as number
      if (cum >= target) {
        k85 = k
        break
      }
    }
    this.rolloffs.push(k85 * binHz)

    // Σ ln P̃ as the logs of products of up to 16 bins: one log per 16 bins. Audio in [−1, 1] has
    // P̃ ∈ [1e-10, 1e8) (n ≤ 8192), so a product stays within [1e-160, 1e128]; an overflowing block
    // (samples far outside [−1, 1]) takes the logs one by one.
    let logSum = 0
    let linSum = 0
    const lo = this.flatLo
    const hi = this.flatHi
    for (let k0 = lo; k0 < hi; k0 += 16) {
      let product = 1
      for (let k = k0, e = Math.min(hi, k0 + 16); k < e; k++) {
        const q = Math.max(p[k] as number, FLATNESS_FLOOR)
        product *= q
        linSum += q
      }
      if (product < Number.POSITIVE_INFINITY) logSum += Math.log(product)
      else
        for (let k = k0, e = Math.min(hi, k0 + 16); k < e; k++)
          logSum += Math.log(Math.max(p[k] as number, FLATNESS_FLOOR))
    }
    const count = hi - lo
    this.flatnesses.push(count > 0 ? Math.exp(logSum / count) / (linSum / count) : 0)
    return true
  }

  finish(): Record<Keys, number> {
    if (this.frames === 0 && this.filled > 0) {
      // Shorter than one frame (or a non-silent tail after silence only): zero-pad the partial frame.
      this.frame.fill(0, this.filled)
      this.analyse(this.filled)
      this.filled = 0
    }
    const bp = this.bandPower
    let total = 0
    for (let b = 0; b < 7; b++) total += bp[b] as number
    const share = (b: number) => (total > 0 ? (bp[b] as number) / total : 0)
    const low = (bp[0] as number) + (bp[1] as number)
    const mid = (bp[2] as number) + (bp[3] as number)
    let ratio = 0
    if (low > 0 && mid > 0) ratio = Math.max(-40, Math.min(40, 10 * Math.log10(low / mid)))
    else if (low > 0) ratio = 40
    else if (mid > 0) ratio = -40
    return {
      sub_bass: share(0),
      bass: share(1),
      low_mid: share(2),
      mid: share(3),
      upper_mid: share(4),
      presence: share(5),
      air: share(6),
      bass_mid_ratio_db: ratio,
      spectral_centroid_hz: this.centroids.median(),
      spectral_rolloff_hz: this.rolloffs.median(),
      spectral_flatness: this.flatnesses.median(),
    }
  }
}
