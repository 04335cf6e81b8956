/**
 * Rhythm dimensions from the shared 22 kHz STFT (frame 1024, hop 512 → fps ≈ 43.07 frames/s):
 * `tempo_bpm`, `rhythm_stability`, `transient_density`.
 *
 * Streaming: each frame adds one value to the onset-strength envelope (`onset.ts`: log-magnitude
 * spectral flux on mel-spaced bands) and one silence flag; nothing else is kept, so a 60-minute track
 * holds ≈ 155 000 floats. `finish` runs the tempo estimator (`tempo.ts`: local-mean-removed novelty,
 * autocorrelation, harmonic comb × log-Gaussian prior, sub-frame refinement) and the onset counter.
 *
 * - tempo_bpm: the refined beat tempo in [50, 220]; with no periodicity the prior's centre (120).
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
  maxLagFor,
  noveltyCurve,
  type TempoOptions,
  tempoFromAcf,
} from './tempo'

export type RhythmKeys = 'tempo_bpm' | 'rhythm_stability' | 'transient_density'

/** Silent gaps shorter than this (seconds) count towards the sounding duration. */
export const BRIDGE_S = 2

export class RhythmAnalyzer {
  private readonly bandOfBin: Int16Array
  private readonly bandCount: Float32Array
  private readonly bandSum: Float32Array
  private readonly prevLog: Float32Array
  private readonly curLog: Float32Array
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
    this.bandOfBin = bandOfBin
    this.bandCount = new Float32Array(bands)
    for (const b of bandOfBin) if (b >= 0) this.bandCount[b]!++
    this.bandSum = new Float32Array(bands)
    this.prevLog = new Float32Array(bands)
    this.curLog = new Float32Array(bands)
  }

  /**
   * One STFT frame, in order. `magnitude[k]` = |X[k]| of the Hann-windowed frame, k = 0..frameSize/2
   * (valid only during the call); `meanSquare` = mean square of the frame's samples (silent when < 1e-6).
   */
  pushFrame(magnitude: Float32Array, meanSquare: number): void {
    const { bandOfBin, bandSum, bandCount, prevLog, curLog } = this
    bandSum.fill(0)
    const bins = Math.min(bandOfBin.length, magnitude.length)
    for (let k = 0; k < bins; k++) {
      const b = bandOfBin[k]!
      if (b >= 0) bandSum[b]! += magnitude[k]!
    }
    let flux = 0
    const bands = bandSum.length
    for (let b = 0; b < bands; b++) {
      const e = Math.log(1 + (LOG_GAMMA * bandSum[b]!) / bandCount[b]!)
      curLog[b] = e
      const d = e - prevLog[b]!
      if (d > 0) flux += d
    }
    prevLog.set(curLog)
    if (this.frames === this.envelope.length) {
      const env = new Float32Array(this.envelope.length * 2)
      env.set(this.envelope)
      this.envelope = env
      const v = new Uint8Array(this.voiced.length * 2)
      v.set(this.voiced)
      this.voiced = v
    }
    this.envelope[this.frames] = Number.isFinite(flux) ? flux / bands : 0
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
    const x = noveltyCurve(this.envelope, n, fps, opts)
    const r = autocorrelation(x, maxLagFor(fps, opts))
    const r0 = r[0] ?? 0
    if (r0 > 1e-12) {
      for (let i = 0; i < r.length; i++) r[i]! /= r0
      const est = tempoFromAcf(r, fps, opts)
      tempo = est.bpm
      stability = est.clarity
    }
    const seconds = (this.soundingFrames() * this.hopSize) / this.sampleRate
    const onsets = countOnsets(this.envelope, n, fps, this.voiced)
    return {
      tempo_bpm: tempo,
      rhythm_stability: stability,
      transient_density: seconds > 0 ? onsets / seconds : 0,
    }
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
