/**
 * Test-only framing for the rhythm analyzer: a Hann STFT (frame 1024, hop 512) of a signal already at
 * 22 050 Hz, feeding `RhythmAnalyzer.pushFrame` the way the shared [22k] path does. Also bundled by
 * scripts/tempo-accuracy.mjs so the accuracy numbers use exactly the tested code path.
 */
import { RealFFT } from '../../src/dsp-worker/analysis/fft'
import { RhythmAnalyzer } from '../../src/dsp-worker/analysis/rhythm'
import type { TempoOptions } from '../../src/dsp-worker/analysis/tempo'

export const RATE = 22050
export const FRAME = 1024
export const HOP = 512

/** Frames `x` (frames start at 0, hop HOP; a final partial frame is dropped) into a fresh analyzer. */
export function rhythmAnalyzerFor(x: Float32Array, tempoOptions?: TempoOptions): RhythmAnalyzer {
  const a = new RhythmAnalyzer(RATE, FRAME, HOP)
  if (tempoOptions) a.tempoOptions = tempoOptions
  const fft = new RealFFT(FRAME)
  const window = new Float32Array(FRAME)
  for (let i = 0; i < FRAME; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME)
  const input = new Float64Array(FRAME)
  const re = new Float64Array(FRAME / 2 + 1)
  const im = new Float64Array(FRAME / 2 + 1)
  const mag = new Float32Array(FRAME / 2 + 1)
  for (let start = 0; start + FRAME <= x.length; start += HOP) {
    let ms = 0
    for (let i = 0; i < FRAME; i++) {
      const v = x[start + i]!
      ms += v * v
      input[i] = v * window[i]!
    }
    fft.forward(input, re, im)
    for (let k = 0; k <= FRAME / 2; k++) mag[k] = Math.hypot(re[k]!, im[k]!)
    a.pushFrame(mag, ms / FRAME)
  }
  return a
}

/** The three rhythm values of a 22 050 Hz signal. */
export function rhythmOf(x: Float32Array, tempoOptions?: TempoOptions) {
  return rhythmAnalyzerFor(x, tempoOptions).finish()
}

export {
  autocorrelation,
  DEFAULT_TEMPO_OPTIONS,
  maxLagFor,
  noveltyCurve,
  tempoFromAcf,
  tempoPrior,
} from '../../src/dsp-worker/analysis/tempo'
