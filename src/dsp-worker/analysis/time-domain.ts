/**
 * Time-domain dimensions: loudness (lufs, loudness_range_lu), crest_db, silence_ratio, the 1 s window
 * variation (dynamic_range_variation_db, peak_consistency) and the stereo image (stereo_width,
 * phase_correlation). STUB — to be implemented (see loudness.ts, dynamics.ts, stereo.ts).
 */
import type { AnalysisStage } from './stage'

type Keys =
  | 'lufs'
  | 'crest_db'
  | 'silence_ratio'
  | 'dynamic_range_variation_db'
  | 'loudness_range_lu'
  | 'peak_consistency'
  | 'stereo_width'
  | 'phase_correlation'

export class TimeDomainStage implements AnalysisStage<Keys> {
  /** Number of ≈46 ms frames of the mono mix whose RMS is at or above −60 dBFS. */
  nonSilentFrames = 0

  constructor(
    readonly sampleRate: number,
    readonly channels: 1 | 2,
  ) {}

  push(_left: Float32Array, _right: Float32Array, _mono: Float32Array): void {
    this.nonSilentFrames = 1
  }

  finish(): Record<Keys, number> {
    return {
      lufs: -70,
      crest_db: 0,
      silence_ratio: 0,
      dynamic_range_variation_db: 0,
      loudness_range_lu: 0,
      peak_consistency: 0,
      stereo_width: 0,
      phase_correlation: 0,
    }
  }
}
