/**
 * The timbre descriptor stored beside the 25 dimensions: one Gaussian over the track's mel-frequency
 * cepstra (the "single Gaussian" timbre model of Mandel & Ellis 2005 / Musly), from the power spectra
 * the spectral stage already computes (`spectral.ts`: Hann frames of ≈ 46 ms, hop = frame, every
 * non-silent frame).
 *
 * Per frame: the power spectrum, normalised by N·Σw² so that the level is independent of the frame
 * size (and so of the sample rate), through TIMBRE_BANDS triangular mel filters spanning 20 Hz –
 * min(11 025 Hz, sr/2) (the range a 22.05 kHz file and a 128 kbit/s MP3 still have), in dB
 * (10·log10(max(E, 1e-10))), then an orthonormal DCT-II: TIMBRE_MFCC cepstral coefficients c0…c19.
 * c0 is the level: a gain change moves only c0's mean, nothing else.
 * Over the non-silent frames: the mean vector and the full covariance matrix (float64 sums).
 *
 * Layout (`src/shared/timbre.ts`, TIMBRE_LENGTH = 230 floats): mean[0..19], then the covariance's upper triangle row by row
 * (Σ00, Σ01, …, Σ0,19, Σ11, …, Σ19,19). A track without a non-silent frame has all zeros.
 */

import { TIMBRE_LENGTH, TIMBRE_MFCC } from '../../shared/timbre'

const TIMBRE_BANDS = 36
const TOP_HZ = 11025
const BOTTOM_HZ = 20
const FLOOR = 1e-10

const hzToMel = (f: number) => 2595 * Math.log10(1 + f / 700)
const melToHz = (m: number) => 700 * (10 ** (m / 2595) - 1)

export class TimbreAccumulator {
  /** Per band: first bin, and the filter weights from there (triangles, sparse). */
  private readonly bandFirst = new Int32Array(TIMBRE_BANDS)
  private readonly bandWeights: Float64Array[] = []
  private readonly dct = new Float64Array(TIMBRE_MFCC * TIMBRE_BANDS)
  private readonly logMel = new Float64Array(TIMBRE_BANDS)
  private readonly c = new Float64Array(TIMBRE_MFCC)
  private readonly sum = new Float64Array(TIMBRE_MFCC)
  private readonly outer = new Float64Array(TIMBRE_LENGTH - TIMBRE_MFCC)
  private readonly scale: number
  frames = 0

  /** For power spectra of `frameSize`-point FFTs at `sampleRate` of a frame windowed by `window`. */
  constructor(sampleRate: number, frameSize: number, window: ArrayLike<number>) {
    let w2 = 0
    for (let i = 0; i < window.length; i++) w2 += (window[i] as number) ** 2
    this.scale = 1 / (frameSize * w2)
    const binHz = sampleRate / frameSize
    const top = Math.min(TOP_HZ, sampleRate / 2)
    const m0 = hzToMel(BOTTOM_HZ)
    const m1 = hzToMel(top)
    const edges = Array.from({ length: TIMBRE_BANDS + 2 }, (_, i) => melToHz(m0 + ((m1 - m0) * i) / (TIMBRE_BANDS + 1)))
    for (let b = 0; b < TIMBRE_BANDS; b++) {
      const lo = edges[b] as number
      const mid = edges[b + 1] as number
      const hi = edges[b + 2] as number
      const first = Math.ceil(lo / binHz)
      const last = Math.min(frameSize / 2, Math.floor(hi / binHz))
      const weights: number[] = []
      for (let k = first; k <= last; k++) {
        const f = k * binHz
        weights.push(f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid))
      }
      // A band narrower than a bin (low bands of short frames) takes the bin nearest its centre.
      if (weights.every((x) => x <= 0)) {
        this.bandFirst[b] = Math.min(frameSize / 2, Math.round(mid / binHz))
        this.bandWeights.push(Float64Array.of(1))
      } else {
        this.bandFirst[b] = first
        this.bandWeights.push(Float64Array.from(weights, (x) => Math.max(0, x)))
      }
    }
    for (let j = 0; j < TIMBRE_MFCC; j++) {
      const norm = j === 0 ? Math.sqrt(1 / TIMBRE_BANDS) : Math.sqrt(2 / TIMBRE_BANDS)
      for (let m = 0; m < TIMBRE_BANDS; m++)
        this.dct[j * TIMBRE_BANDS + m] = norm * Math.cos((Math.PI * j * (m + 0.5)) / TIMBRE_BANDS)
    }
  }

  /** Adds one non-silent frame's power spectrum |X[k]|², k = 0…N/2. */
  add(power: ArrayLike<number>): void {
    const lm = this.logMel
    for (let b = 0; b < TIMBRE_BANDS; b++) {
      const w = this.bandWeights[b] as Float64Array
      const first = this.bandFirst[b] as number
      let e = 0
      for (let i = 0; i < w.length; i++) e += (w[i] as number) * (power[first + i] as number)
      lm[b] = 10 * Math.log10(Math.max(e * this.scale, FLOOR))
    }
    const c = this.c
    const dct = this.dct
    for (let j = 0; j < TIMBRE_MFCC; j++) {
      let s = 0
      const row = j * TIMBRE_BANDS
      for (let m = 0; m < TIMBRE_BANDS; m++) s += (dct[row + m] as number) * (lm[m] as number)
      c[j] = s
    }
    const sum = this.sum
    const outer = this.outer
    let o = 0
    for (let i = 0; i < TIMBRE_MFCC; i++) {
      const ci = c[i] as number
      sum[i] = (sum[i] as number) + ci
      for (let j = i; j < TIMBRE_MFCC; j++, o++) outer[o] = (outer[o] as number) + ci * (c[j] as number)
    }
    this.frames++
  }

  /** The mean and packed covariance (all zeros without frames). */
  finish(): Float32Array {
    const out = new Float32Array(TIMBRE_LENGTH)
    const n = this.frames
    if (n === 0) return out
    for (let i = 0; i < TIMBRE_MFCC; i++) out[i] = (this.sum[i] as number) / n
    let o = 0
    for (let i = 0; i < TIMBRE_MFCC; i++) {
      for (let j = i; j < TIMBRE_MFCC; j++, o++) {
        const cov = (this.outer[o] as number) / n - (out[i] as number) * (out[j] as number)
        out[TIMBRE_MFCC + o] = i === j ? Math.max(0, cov) : cov
      }
    }
    return out
  }
}
