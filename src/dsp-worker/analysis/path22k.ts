/**
 * The [22k] path: the mono mix resampled to 22 050 Hz (anti-aliased), one shared STFT of it (frame
 * 1024, hop 512, Hann) feeding the rhythm analyzer (rhythm.ts) and harmony (harmony.ts).
 * STUB — to be implemented.
 */
import { RhythmAnalyzer } from './rhythm'
import type { AnalysisStage } from './stage'

type Keys =
  | 'tempo_bpm'
  | 'rhythm_stability'
  | 'transient_density'
  | 'harmonic_ratio'
  | 'pitch_stability'
  | 'chroma_energy'

export const RATE_22K = 22050
export const FRAME_22K = 1024
export const HOP_22K = 512

export class Path22kStage implements AnalysisStage<Keys> {
  private readonly rhythm = new RhythmAnalyzer(RATE_22K, FRAME_22K, HOP_22K)

  constructor(readonly sampleRate: number) {}

  push(_left: Float32Array, _right: Float32Array, _mono: Float32Array): void {}

  finish(): Record<Keys, number> {
    return { ...this.rhythm.finish(), harmonic_ratio: 0, pitch_stability: 0, chroma_energy: 0 }
  }
}
