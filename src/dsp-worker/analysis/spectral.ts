/**
 * Full-rate spectral dimensions from one decimated STFT of the mono mix: the seven band shares,
 * bass_mid_ratio_db, and the spectral shape medians (centroid, roll-off, flatness).
 * STUB — to be implemented.
 */
import type { AnalysisStage } from './stage'

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

export class SpectralStage implements AnalysisStage<Keys> {
  constructor(readonly sampleRate: number) {}

  push(_left: Float32Array, _right: Float32Array, _mono: Float32Array): void {}

  finish(): Record<Keys, number> {
    return {
      sub_bass: 0,
      bass: 0,
      low_mid: 0,
      mid: 0,
      upper_mid: 0,
      presence: 0,
      air: 0,
      bass_mid_ratio_db: 0,
      spectral_centroid_hz: 0,
      spectral_rolloff_hz: 0,
      spectral_flatness: 0,
    }
  }
}
