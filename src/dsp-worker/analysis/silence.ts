/**
 * Silence: a frame is silent when its RMS is below −60 dBFS (mean square < 1e-6, `stage.ts`).
 *
 * `silence_ratio` uses non-overlapping frames of `round(0.046·sr)` samples (≈ 46 ms at every rate) of
 * the mono mix `m`, as the spec's rhythm group works on `m`. A trailing part frame counts when it is at
 * least half a frame long, or when it is all there is (a track shorter than one frame).
 */

/** Samples per silence frame at sample rate `sr`: ≈ 46 ms. */
export function silenceFrameLength(sr: number): number {
  return Math.max(1, Math.round(0.046 * sr))
}

/** Share of frames that are silent; 0 when there are no frames at all. */
export function silenceRatio(silentFrames: number, totalFrames: number): number {
  return totalFrames > 0 ? silentFrames / totalFrames : 0
}
