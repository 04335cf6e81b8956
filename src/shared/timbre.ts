/**
 * Layout of the timbre descriptor stored beside the 25 dimensions (computed by
 * `src/dsp-worker/analysis/timbre.ts`): the mean of TIMBRE_MFCC mel-cepstral coefficients c0…c19, then
 * the upper triangle of their covariance row by row (Σ00, Σ01, …, Σ0,19, Σ11, …, Σ19,19).
 */
export const TIMBRE_MFCC = 20
export const TIMBRE_LENGTH = TIMBRE_MFCC + (TIMBRE_MFCC * (TIMBRE_MFCC + 1)) / 2

/** Index of Σ_ij in the descriptor (either order of i and j). */
export function covIndex(i: number, j: number): number {
  const a = Math.min(i, j)
  const b = Math.max(i, j)
  return TIMBRE_MFCC + a * TIMBRE_MFCC - (a * (a - 1)) / 2 + (b - a)
}
