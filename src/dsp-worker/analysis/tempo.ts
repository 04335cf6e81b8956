/**
 * Tempo and pulse clarity from an onset-strength envelope (the second half of the rhythm dimensions).
 * Why it is defined so, and how the defaults were chosen: docs/analysis-notes.md, "Tempo".
 *
 * 1. Novelty curve: the envelope minus its local mean (±LOCAL_MEAN_S), half-wave rectified, smoothed
 *    with a Gaussian (σ = SMOOTH_FRAMES frames) and finally made zero-mean.
 * 2. Autocorrelation r(τ) of the novelty curve, unbiased (each lag divided by its overlap N − τ), for
 *    τ up to COMB_HARMONICS beat periods of the slowest tempo; ρ(τ) = r(τ) / r(0).
 * 3. Tempo choice on a BPM grid (MIN_BPM..MAX_BPM, GRID_BPM steps), period L(b) = 60·fps / b:
 *      S(b) = P(b) · D(b)^DFT_WEIGHT · Σ_{k=1..K} max(0, ρ(k·L(b))) / K        (ρ linearly interpolated)
 *    with D the time-averaged Fourier tempogram (`fourierTempogram`) and P the metrical-level prior
 *      P(b) = exp(−½ (log2(b / PRIOR_BPM) / PRIOR_OCTAVES)²)
 *           · exp(−½ (log2(n(b) / ONSETS_PER_BEAT) / ONSETS_PER_BEAT_OCTAVES)²)
 *    where n(b) = 60·d / b is the onsets per beat at tempo b and d the onsets per second of the tempo
 *    envelope (rhythm.ts).
 * 4. Refinement: the ACF peak near each multiple k·L is located to a fraction of a frame by parabolic
 *    interpolation, and L is the least-squares slope through those peak positions (p_k ≈ k·L).
 * 5. Pulse clarity: ρ(L) at the refined period, clipped to [0, 1].
 *
 * The envelope fed in (rhythm.ts) weights the low (< 200 Hz), mid and high (> 2 kHz) bands' flux by
 * REGION_WEIGHTS.
 */

import { RealFFT } from './fft'

const MIN_BPM = 50
const MAX_BPM = 220
const PRIOR_BPM = 120
const PRIOR_OCTAVES = 0.8
const GRID_BPM = 0.5
const COMB_HARMONICS = 4
const COMB_DECAY = 0
/** Centre (onsets per beat) and width (octaves) of the onsets-per-beat cue of the prior. */
const ONSETS_PER_BEAT = 2.5
const ONSETS_PER_BEAT_OCTAVES = 0.8
const DFT_WEIGHT = 0.5
const REGION_WEIGHTS: readonly [number, number, number] = [2, 1, 1]
/** Fourier tempogram: window (frames, ≈ 12 s), hop, and zero-padded FFT size. */
const DFT_WINDOW = 512
const DFT_HOP = 128
const DFT_SIZE = 2048
const LOCAL_MEAN_S = 0.25
const SMOOTH_FRAMES = 1

export interface TempoOptions {
  priorBpm: number
  priorOctaves: number
  onsetsPerBeat: number
  onsetsPerBeatOctaves: number
  harmonics: number
  /** Comb weight of the k-th multiple: k^−combDecay (normalised). */
  combDecay: number
  /** Exponent of the Fourier-tempogram factor in the score (0 = ACF comb only). */
  dftWeight: number
  /** Weights of the low (< 200 Hz), mid and high (> 2 kHz) onset envelopes in the tempo envelope. */
  regionWeights: readonly [number, number, number]
  localMeanS: number
  smoothFrames: number
}

export const DEFAULT_TEMPO_OPTIONS: TempoOptions = {
  priorBpm: PRIOR_BPM,
  priorOctaves: PRIOR_OCTAVES,
  onsetsPerBeat: ONSETS_PER_BEAT,
  onsetsPerBeatOctaves: ONSETS_PER_BEAT_OCTAVES,
  harmonics: COMB_HARMONICS,
  combDecay: COMB_DECAY,
  dftWeight: DFT_WEIGHT,
  regionWeights: REGION_WEIGHTS,
  localMeanS: LOCAL_MEAN_S,
  smoothFrames: SMOOTH_FRAMES,
}

interface TempoEstimate {
  bpm: number
  /** ρ(τ*) clipped to [0, 1]. */
  clarity: number
}

/** Step 1: local-mean-removed, rectified, smoothed, zero-mean novelty curve of `o[0..n)`. */
export function noveltyCurve(o: Float32Array, n: number, fps: number, opts = DEFAULT_TEMPO_OPTIONS): Float64Array {
  const w = Math.max(1, Math.round(opts.localMeanS * fps))
  const hwr = new Float64Array(n)
  let winSum = 0
  let lo = 0
  let hi = -1
  for (let t = 0; t < n; t++) {
    const wantHi = Math.min(n - 1, t + w)
    while (hi < wantHi) winSum += o[++hi]!
    const wantLo = Math.max(0, t - w)
    while (lo < wantLo) winSum -= o[lo++]!
    const d = o[t]! - winSum / (hi - lo + 1)
    hwr[t] = Math.max(d, 0)
  }
  const sigma = opts.smoothFrames
  const out = new Float64Array(n)
  if (sigma <= 0) out.set(hwr)
  else {
    const half = Math.ceil(3 * sigma)
    const kernel = new Float64Array(2 * half + 1)
    let ks = 0
    for (let j = -half; j <= half; j++) ks += kernel[j + half] = Math.exp((-0.5 * j * j) / (sigma * sigma))
    for (let j = 0; j < kernel.length; j++) kernel[j]! /= ks
    for (let t = 0; t < n; t++) {
      let s = 0
      for (let j = -half; j <= half; j++) {
        const i = t + j
        if (i >= 0 && i < n) s += kernel[j + half]! * hwr[i]!
      }
      out[t] = s
    }
  }
  let mean = 0
  for (let t = 0; t < n; t++) mean += out[t]!
  mean /= Math.max(1, n)
  for (let t = 0; t < n; t++) out[t]! -= mean
  return out
}

/** Step 2: unbiased autocorrelation r(τ) = Σ x[t]·x[t+τ] / (n − τ), τ = 0..maxLag (0 beyond n − 1). */
export function autocorrelation(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length
  const r = new Float64Array(maxLag + 1)
  for (let tau = 0; tau <= maxLag && tau < n; tau++) {
    let s = 0
    for (let t = 0; t + tau < n; t++) s += x[t]! * x[t + tau]!
    r[tau] = s / (n - tau)
  }
  return r
}

/** ρ at a fractional lag, linearly interpolated (0 outside the computed range). */
function at(rho: Float64Array, lag: number): number {
  const i = Math.floor(lag)
  if (i < 0 || i + 1 >= rho.length) return 0
  const f = lag - i
  return (1 - f) * rho[i]! + f * rho[i + 1]!
}

/** The largest lag the estimator needs for a frame rate `fps`. */
export function maxLagFor(fps: number, opts = DEFAULT_TEMPO_OPTIONS): number {
  return Math.ceil(((opts.harmonics * 60) / MIN_BPM) * fps) + 2
}

/**
 * Metrical-level prior P(b) (step 3): the log-Gaussian preferred-tempo cue times the log-Gaussian
 * onsets-per-beat cue for `onsetRate` onsets per second (omitted when onsetRate ≤ 0).
 */
export function tempoPrior(bpm: number, opts = DEFAULT_TEMPO_OPTIONS, onsetRate = 0): number {
  const z = Math.log2(bpm / opts.priorBpm) / opts.priorOctaves
  const w = onsetRate > 0 ? Math.log2((60 * onsetRate) / bpm / opts.onsetsPerBeat) / opts.onsetsPerBeatOctaves : 0
  return Math.exp(-0.5 * (z * z + w * w))
}

/**
 * Steps 3–5 on a normalised autocorrelation ρ (ρ[0] = 1) at frame rate `fps`, with the Fourier tempogram
 * `dft` and the tempo envelope's onset rate `onsetRate` (onsets per second; ≤ 0 = unknown). With no
 * periodicity at all (ρ ≤ 0 everywhere) the prior's centre is the best estimate.
 */
export function tempoFromAcf(
  rho: Float64Array,
  fps: number,
  opts = DEFAULT_TEMPO_OPTIONS,
  dft?: (bpm: number) => number,
  onsetRate = 0,
): TempoEstimate {
  let bestScore = 0
  let bestBpm = opts.priorBpm
  let wSum = 0
  for (let k = 1; k <= opts.harmonics; k++) wSum += k ** -opts.combDecay
  for (let b = MIN_BPM; b <= MAX_BPM + 1e-9; b += GRID_BPM) {
    const L = (60 * fps) / b
    let comb = 0
    for (let k = 1; k <= opts.harmonics; k++) comb += k ** -opts.combDecay * Math.max(0, at(rho, k * L))
    let s = (tempoPrior(b, opts, onsetRate) * comb) / wSum
    if (dft && opts.dftWeight > 0) s *= dft(b) ** opts.dftWeight
    if (s > bestScore) {
      bestScore = s
      bestBpm = b
    }
  }
  if (bestScore <= 0) return { bpm: opts.priorBpm, clarity: 0 }
  const L = refinePeriod(rho, (60 * fps) / bestBpm)
  const bpm = Math.min(MAX_BPM, Math.max(MIN_BPM, (60 * fps) / L))
  return { bpm, clarity: Math.min(1, Math.max(0, at(rho, (60 * fps) / bpm))) }
}

/**
 * Step 4: refines a beat period L0 (frames) from the ACF peaks at its multiples. Each multiple's peak is
 * searched within ±1 frame of k·L (L updated as multiples are added), placed by parabolic interpolation,
 * and L = Σ w_k·k·p_k / Σ w_k·k² with w_k = ρ at the peak.
 */
export function refinePeriod(rho: Float64Array, L0: number): number {
  let L = L0
  let num = 0
  let den = 0
  for (let k = 1; ; k++) {
    const centre = Math.round(k * L)
    if (centre + 2 >= rho.length) break
    let j = centre
    for (let d = -1; d <= 1; d++) if (rho[centre + d]! > rho[j]!) j = centre + d
    const a = rho[j - 1]!
    const b = rho[j]!
    const c = rho[j + 1]!
    if (b <= 0 || b < a || b < c) continue
    const den2 = a - 2 * b + c
    const off = den2 < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den2)) : 0
    const p = j + off
    num += b * k * p
    den += b * k * k
    L = num / den
  }
  return L
}

/**
 * Fourier tempogram, averaged over time: the magnitude spectrum of the novelty curve in Hann windows of
 * DFT_WINDOW frames (hop DFT_HOP, zero-padded to DFT_SIZE), summed over windows and normalised to a
 * maximum of 1 over MIN_BPM..MAX_BPM. Returned as a function of BPM (linear interpolation between bins).
 * Where the ACF peaks at the beat period and all its multiples (slower levels), the DFT peaks at the
 * beat frequency and its harmonics (faster levels): their product singles out the beat level.
 */
export function fourierTempogram(x: Float64Array, fps: number): (bpm: number) => number {
  const n = x.length
  const win = Math.min(DFT_WINDOW, n)
  const size = DFT_SIZE
  const fft = new RealFFT(size)
  const input = new Float64Array(size)
  const re = new Float64Array(size / 2 + 1)
  const im = new Float64Array(size / 2 + 1)
  const acc = new Float64Array(size / 2 + 1)
  const w = new Float64Array(win)
  for (let i = 0; i < win; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / win)
  for (let start = 0; start + win <= n; start += DFT_HOP) {
    for (let i = 0; i < win; i++) input[i] = x[start + i]! * w[i]!
    fft.forward(input, re, im)
    for (let k = 0; k <= size / 2; k++) acc[k]! += Math.hypot(re[k]!, im[k]!)
    if (start + win === n) break
  }
  const binOf = (bpm: number) => ((bpm / 60) * size) / fps
  let max = 0
  for (let k = Math.floor(binOf(MIN_BPM)); k <= Math.ceil(binOf(MAX_BPM)) && k < acc.length; k++)
    max = Math.max(max, acc[k]!)
  return (bpm: number) => {
    if (max <= 0) return 0
    const f = binOf(bpm)
    const i = Math.floor(f)
    if (i + 1 >= acc.length) return 0
    return ((1 - (f - i)) * acc[i]! + (f - i) * acc[i + 1]!) / max
  }
}
