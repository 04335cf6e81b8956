import type { Fingerprint } from '../../shared/dimensions'

/**
 * One streaming stage of the analysis. The orchestrator (`index.ts`) feeds every stage the same
 * chunks in order, then calls `finish` once.
 *
 * Contract for `push`: `left`, `right` and `mono` have equal length; for a mono file `right === left`;
 * `mono[i] = (left[i] + right[i]) / 2`. The arrays are only valid during the call (the caller reuses
 * them): copy what must outlive it. Chunks may have any length, including 1 sample.
 */
export interface AnalysisStage<K extends keyof Fingerprint = keyof Fingerprint> {
  push(left: Float32Array, right: Float32Array, mono: Float32Array): void
  finish(): Pick<Fingerprint, K>
}

/** Level below which a frame is silent (spec: RMS < −60 dBFS). */
export const SILENCE_DB = -60
/** Mean-square threshold equivalent to SILENCE_DB: (10^(−60/20))² = 1e-6. */
export const SILENCE_MEAN_SQUARE = 1e-6
