/**
 * Rhythm dimensions from the shared 22 kHz STFT (frame 1024, hop 512 → fps ≈ 43.07 frames/s):
 * `tempo_bpm`, `rhythm_stability`, `transient_density`.
 *
 * Streaming: each frame adds the onset strength (`onset.ts`: log-magnitude spectral flux on mel-spaced
 * bands) of the low (< 200 Hz), mid and high (> 2 kHz) regions, the all-band mean, and one silence flag;
 * nothing else is kept, so a 60-minute track holds ≈ 155 000 frames × 4 floats. `finish` runs the
 * tempo estimator (`tempo.ts`: local-mean-removed novelty, autocorrelation, harmonic comb × Fourier
 * tempogram × metrical-level prior, sub-frame refinement) and the onset counter. The prior's
 * onsets-per-beat cue reads the onset rate of the tempo envelope itself (peak-picked like
 * transient_density, per second of sounding duration), so it counts the events the beat is measured from.
 *
 * - tempo_bpm: the refined beat tempo in [50, 220]; with no pulse (fewer than MIN_ONSETS onsets or a
 *   flat novelty curve) the prior's centre (120).
 * - rhythm_stability: ρ(τ*) = r(τ*) / r(0) of the zero-mean novelty curve at the chosen period.
 * - transient_density: peak-picked onsets / sounding duration. The sounding duration counts the
 *   non-silent frames (mean square ≥ 1e-6, i.e. −60 dBFS) plus the silent gaps between them shorter than
 *   BRIDGE_S: the gaps between the beats of a click track are part of the music, while leading,
 *   trailing and long internal silences are not.
 */
import type { Fingerprint } from '../../shared/dimensions'
import { bandMap, countOnsets, LOG_GAMMA } from './onset'
import { SILENCE_MEAN_SQUARE } from './stage'
import {
  autocorrelation,
  DEFAULT_TEMPO_OPTIONS,
  fourierTempogram,
  maxLagFor,
  noveltyCurve,
  type TempoOptions,
  tempoFromAcf,
} from './tempo'

type RhythmKeys = 'tempo_bpm' | 'rhythm_stability' | 'transient_density'

/** Silent gaps shorter than this (seconds) count towards the sounding duration. */
const BRIDGE_S = 2
/**
 * Below these there is no pulse to measure (a steady tone, near-silence): tempo = the prior's centre,
 * rhythm_stability = 0. MIN_NOVELTY_POWER is r(0) of the novelty curve in (log units)².
 */
const MIN_ONSETS = 4
const MIN_NOVELTY_POWER = 1e-6
/** Edges (Hz) of the low / mid / high regions whose onset envelopes are kept separately. */
const REGION_EDGES_HZ = [200, 2000] as const

export class RhythmAnalyzer {
  /** Band b covers bins bandStart[b] ≤ k < bandEnd[b] (mel bands are contiguous runs of bins). */
  private readonly bandStart: Int32Array
  private readonly bandEnd: Int32Array
  private readonly bandCount: Float32Array
  private readonly bandSum: Float32Array
  private readonly prevLog: Float32Array
  private readonly curLog: Float32Array
  /** Band → frequency region (0 low, 1 mid, 2 high; see REGION_EDGES_HZ) and bands per region. */
  private readonly regionOfBand: Uint8Array
  private readonly regionBands = new Float32Array(3)
  private readonly regionFlux = new Float64Array(3)
  /** Per-region onset envelopes, interleaved: [low, mid, high] per frame. */
  private regions = new Float32Array(3 << 13)
  private envelope = new Float32Array(1 << 13)
  private voiced = new Uint8Array(1 << 13)
  private frames = 0
  /** Options of the tempo estimator (exposed for the accuracy script; the defaults are the product). */
  tempoOptions: TempoOptions = DEFAULT_TEMPO_OPTIONS

  /**
   * @param sampleRate rate of the analysed signal (22 050 Hz)
   * @param frameSize STFT frame length in samples (1024)
   * @param hopSize STFT hop in samples (512): the onset envelope's frame rate is sampleRate / hopSize
   */
  constructor(
    readonly sampleRate: number,
    readonly frameSize: number,
    readonly hopSize: number,
  ) {
    const { bandOfBin, bands } = bandMap(sampleRate, frameSize)
    this.bandStart = new Int32Array(bands)
    this.bandEnd = new Int32Array(bands)
    for (let k = bandOfBin.length - 1; k >= 0; k--) {
      const b = bandOfBin[k]!
      if (b < 0) continue
      this.bandStart[b] = k
      if (this.bandEnd[b] === 0) this.bandEnd[b] = k + 1
    }
    this.bandCount = new Float32Array(bands)
    for (const b of bandOfBin) if (b >= 0) this.bandCount[b]!++
    this.bandSum = new Float32Array(bands)
    this.regionOfBand = new Uint8Array(bands)
    for (let k = 0; k < bandOfBin.length; k++) {
      const b = bandOfBin[k]!
      if (b < 0) continue
      const f = (k * sampleRate) / frameSize
      this.regionOfBand[b] = f < REGION_EDGES_HZ[0] ? 0 : f < REGION_EDGES_HZ[1] ? 1 : 2
    }
    for (const r of this.regionOfBand) this.regionBands[r]!++
    this.prevLog = new Float32Array(bands)
    this.curLog = new Float32Array(bands)
  }

  /**
   * One STFT frame, in order. `magnitude[k]` = |X[k]| of the Hann-windowed frame, k = 0..frameSize/2
   * (valid only during the call); `meanSquare` = mean square of the frame's samples (silent when < 1e-6).
   */
  pushFrame(magnitude: Float32Array, meanSquare: number): void {
    const { bandStart, bandEnd, bandSum, bandCount, prevLog, curLog } = this
    for (let b = 0; b < bandSum.length; b++) {
      let sum = 0
      for (let k = bandStart[b]!, end = bandEnd[b]!; k < end; k++) sum += magnitude[k]!
      bandSum[b] = sum
    }
    const { regionOfBand, regionFlux, regionBands } = this
    regionFlux.fill(0)
    const bands = bandSum.length
    for (let b = 0; b < bands; b++) {
      const e = Math.log(1 + (LOG_GAMMA * bandSum[b]!) / bandCount[b]!)
      curLog[b] = e
      const d = e - prevLog[b]!
      if (d > 0) regionFlux[regionOfBand[b]!]! += d
    }
    prevLog.set(curLog)
    if (this.frames === this.envelope.length) {
      const env = new Float32Array(this.envelope.length * 2)
      env.set(this.envelope)
      this.envelope = env
      const reg = new Float32Array(this.regions.length * 2)
      reg.set(this.regions)
      this.regions = reg
      const v = new Uint8Array(this.voiced.length * 2)
      v.set(this.voiced)
      this.voiced = v
    }
    let flux = 0
    for (let r = 0; r < 3; r++) {
      const f = regionBands[r]! > 0 && Number.isFinite(regionFlux[r]!) ? regionFlux[r]! / regionBands[r]! : 0
      this.regions[3 * this.frames + r] = f
      flux += f * regionBands[r]!
    }
    this.envelope[this.frames] = flux / bands
    this.voiced[this.frames] = meanSquare >= SILENCE_MEAN_SQUARE ? 1 : 0
    this.frames++
  }

  /** The onset-strength envelope so far (a view; for tests and diagnostics). */
  onsetEnvelope(): Float32Array {
    return this.envelope.subarray(0, this.frames)
  }

  finish(): Pick<Fingerprint, RhythmKeys> {
    const n = this.frames
    const fps = this.sampleRate / this.hopSize
    const opts = this.tempoOptions
    let tempo = opts.priorBpm
    let stability = 0
    const env = this.tempoEnvelope(opts)
    const x = noveltyCurve(env, n, fps, opts)
    const r = autocorrelation(x, maxLagFor(fps, opts))
    const r0 = r[0] ?? 0
    const onsets = countOnsets(this.envelope, n, fps, this.voiced)
    const seconds = (this.soundingFrames() * this.hopSize) / this.sampleRate
    if (r0 > MIN_NOVELTY_POWER && onsets >= MIN_ONSETS) {
      for (let i = 0; i < r.length; i++) r[i]! /= r0
      const onsetRate = seconds > 0 ? countOnsets(env, n, fps, this.voiced) / seconds : 0
      const est = tempoFromAcf(r, fps, opts, fourierTempogram(x, fps), onsetRate)
      tempo = est.bpm
      stability = est.clarity
    }
    return {
      tempo_bpm: tempo,
      rhythm_stability: stability,
      transient_density: seconds > 0 ? onsets / seconds : 0,
    }
  }

  /**
   * The envelope the tempo is estimated from: Σ_r w_r · o_r / Σ_r w_r over the low/mid/high regions'
   * mean band flux o_r, w = opts.regionWeights (weighting the low region makes kick and bass — the
   * level listeners tap — count more than hi-hat subdivisions).
   */
  private tempoEnvelope(opts: TempoOptions): Float32Array {
    const n = this.frames
    const w = opts.regionWeights
    const ws = w[0] + w[1] + w[2]
    const out = new Float32Array(n)
    for (let t = 0; t < n; t++) {
      const i = 3 * t
      out[t] = (w[0] * this.regions[i]! + w[1] * this.regions[i + 1]! + w[2] * this.regions[i + 2]!) / ws
    }
    return out
  }

  /** Non-silent frames plus silent gaps shorter than BRIDGE_S between two non-silent frames. */
  private soundingFrames(): number {
    const bridge = Math.round((BRIDGE_S * this.sampleRate) / this.hopSize)
    let total = 0
    let lastVoiced = -1
    for (let t = 0; t < this.frames; t++) {
      if (!this.voiced[t]) continue
      const gap = lastVoiced < 0 ? 0 : t - lastVoiced - 1
      total += 1 + (gap > 0 && gap < bridge ? gap : 0)
      lastVoiced = t
    }
    return total
  }
}
