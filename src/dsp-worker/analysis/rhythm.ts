/**
 * Rhythm dimensions from the shared 22 kHz STFT: onset envelope, tempo_bpm, rhythm_stability,
 * transient_density. STUB — to be implemented.
 */
import type { Fingerprint } from '../../shared/dimensions'

export type RhythmKeys = 'tempo_bpm' | 'rhythm_stability' | 'transient_density'

export class RhythmAnalyzer {
  /**
   * @param sampleRate rate of the analysed signal (22 050 Hz)
   * @param frameSize STFT frame length in samples (1024)
   * @param hopSize STFT hop in samples (512): the onset envelope's frame rate is sampleRate / hopSize
   */
  constructor(
    readonly sampleRate: number,
    readonly frameSize: number,
    readonly hopSize: number,
  ) {}

  /**
   * One STFT frame, in order. `magnitude[k]` = |X[k]| of the Hann-windowed frame, k = 0..frameSize/2
   * (valid only during the call); `meanSquare` = mean square of the frame's samples (silent when < 1e-6).
   */
  pushFrame(_magnitude: Float32Array, _meanSquare: number): void {}

  finish(): Pick<Fingerprint, RhythmKeys> {
    return { tempo_bpm: 120, rhythm_stability: 0, transient_density: 0 }
  }
}
