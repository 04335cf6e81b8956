import type { DimensionKey, Fingerprint } from '../../shared/dimensions'

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

/** The keys a stage's `finish` produces (distributes over a union of stages). */
type StageKeys<S> = S extends { finish(): infer R } ? keyof R : never

/** The DimensionKeys that none of `S`'s stages produces. */
type MissingKeys<S extends readonly unknown[]> = Exclude<DimensionKey, StageKeys<S[number]>>

/**
 * The analysis' stages, checked by the compiler to produce every DimensionKey together: with a key
 * that no stage's `finish` returns (a new row in the DIMENSIONS table, say), the call does not compile
 * and the error names the missing keys.
 */
export function everyDimension<const S extends readonly AnalysisStage<never>[]>(
  stages: S & ([MissingKeys<S>] extends [never] ? unknown : { missingDimensions: MissingKeys<S> }),
): S {
  return stages
}

/** A frame is silent below −60 dBFS RMS (the spec): mean square below (10^(−60/20))² = 1e-6. */
export const SILENCE_MEAN_SQUARE = 1e-6

/**
 * Σ x[i]² over i in [start, end), in four partial sums: one chain of dependent additions would make
 * the loop as slow as the add latency.
 */
export function sumOfSquares(x: Float32Array, start: number, end: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let i = start
  for (; i + 3 < end; i += 4) {
    const a = x[i] as number
    const b = x[i + 1] as number
    const c = x[i + 2] as number
    const d = x[i + 3] as number
    s0 += a * a
    s1 += b * b
    s2 += c * c
    s3 += d * d
  }
  for (; i < end; i++) {
    const v = x[i] as number
    s0 += v * v
  }
  return s0 + s1 + (s2 + s3)
}
