/**
 * Onset-strength envelope and onset peak picking (the first half of the rhythm dimensions).
 *
 * Onset strength (spectral flux of log-magnitude on a mel-like band grouping):
 *   E_t[b] = log(1 + γ · mean_{k ∈ b} |X_t[k]|)          (band b of BANDS mel-spaced bands, 30 Hz – 11 kHz)
 *   o[t]   = (1 / BANDS) · Σ_b max(0, E_t[b] − E_{t−1}[b])  (half-wave rectified flux, mean over bands)
 * γ = LOG_GAMMA puts the knee of the log near the −60 dBFS silence level, so quiet noise adds little
 * flux while louder passages are compared in (gain-invariant) log units.
 */

/** Number of mel-spaced bands the spectrum is grouped into before the log. */
const BANDS = 36
/** Lowest and highest frequency (Hz) that contribute to the onset envelope. */
const ONSET_FMIN = 30
const ONSET_FMAX = 11000
/** Log compression factor γ in log(1 + γ·|X|) (|X| of a Hann frame: a full-scale sine peaks at N/4). */
export const LOG_GAMMA = 50

const mel = (f: number): number => 2595 * Math.log10(1 + f / 700)

/**
 * Groups FFT bins k = 0..frameSize/2 into at most BANDS mel-spaced bands. Returns per bin its band
 * index (−1 = unused) and the number of bands actually populated (low mel bands narrower than a bin
 * merge into one band).
 */
export function bandMap(sampleRate: number, frameSize: number): { bandOfBin: Int16Array; bands: number } {
  const bins = frameSize / 2 + 1
  const bandOfBin = new Int16Array(bins).fill(-1)
  const m0 = mel(ONSET_FMIN)
  const m1 = mel(Math.min(ONSET_FMAX, sampleRate / 2))
  let last = -1
  let band = -1
  for (let k = 0; k < bins; k++) {
    const f = (k * sampleRate) / frameSize
    if (f < ONSET_FMIN || f > Math.min(ONSET_FMAX, sampleRate / 2)) continue
    const raw = Math.min(BANDS - 1, Math.floor(((mel(f) - m0) / (m1 - m0)) * BANDS))
    if (raw !== last) {
      band++
      last = raw
    }
    bandOfBin[k] = band
  }
  return { bandOfBin, bands: band + 1 }
}

/**
 * Counts onsets in the onset envelope `o` (frame rate `fps`) by peak picking with an adaptive
 * threshold: frame t is an onset when
 *   - o[t] is the maximum of o over [t − 30 ms, t + 30 ms] (and larger than the frame before it),
 *   - o[t] ≥ mean(o over [t − 100 ms, t + 70 ms]) + δ, δ = PEAK_DELTA · mean(o over non-silent frames),
 *   - o[t] ≥ PEAK_FLOOR (a fixed floor in log units, so a steady tone's numerical ripple is no onset),
 *   - and it lies at least 50 ms after the previous onset.
 * Only frames flagged non-silent in `voiced` (when given) may be onsets.
 */
export function countOnsets(o: Float32Array, n: number, fps: number, voiced?: Uint8Array): number {
  if (n === 0) return 0
  const maxW = Math.max(1, Math.round(0.03 * fps))
  const preAvg = Math.max(1, Math.round(0.1 * fps))
  const postAvg = Math.max(1, Math.round(0.07 * fps))
  const minGap = Math.ceil(0.05 * fps)
  let sum = 0
  let count = 0
  for (let t = 0; t < n; t++) {
    if (voiced && !voiced[t]) continue
    sum += o[t]!
    count++
  }
  if (count === 0) return 0
  const delta = PEAK_DELTA * (sum / count)
  let onsets = 0
  let lastOnset = -Infinity
  // Running window sum for the local mean over [t − preAvg, t + postAvg].
  let winSum = 0
  let lo = 0
  let hi = -1
  for (let t = 0; t < n; t++) {
    const wantHi = Math.min(n - 1, t + postAvg)
    while (hi < wantHi) winSum += o[++hi]!
    const wantLo = Math.max(0, t - preAvg)
    while (lo < wantLo) winSum -= o[lo++]!
    const v = o[t]!
    if (v < PEAK_FLOOR || (voiced && !voiced[t]) || t - lastOnset < minGap) continue
    if (v < winSum / (hi - lo + 1) + delta) continue
    if (t > 0 && o[t - 1]! >= v) continue
    let isMax = true
    for (let j = Math.max(0, t - maxW); j <= Math.min(n - 1, t + maxW); j++) {
      if (o[j]! > v) {
        isMax = false
        break
      }
    }
    if (!isMax) continue
    onsets++
    lastOnset = t
  }
  return onsets
}

/** δ of the adaptive threshold, as a multiple of the mean onset strength of the non-silent frames. */
const PEAK_DELTA = 0.5
/** Absolute floor of an onset's strength (mean log increase per band). */
const PEAK_FLOOR = 0.02
