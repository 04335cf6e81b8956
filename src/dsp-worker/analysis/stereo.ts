/**
 * Stereo image over the whole track, from running sums of the two channels (accumulated in
 * `TimeDomainStage`'s single pass).
 */

/** Whole-track sums of the left (L) and right (R) channels over `n` sample frames. */
export interface StereoSums {
  n: number
  sumL: number
  sumR: number
  sumLL: number
  sumRR: number
  sumLR: number
}

/**
 * `stereo_width = E_side / (E_mid + E_side)` with mid = (L+R)/2, side = (L−R)/2, E = energy (sum of
 * squares): `E_mid = (ΣL² + ΣR² + 2ΣLR)/4`, `E_side = (ΣL² + ΣR² − 2ΣLR)/4`, so the ratio is
 * `(ΣL² + ΣR² − 2ΣLR) / (2(ΣL² + ΣR²))`. Mono 0; one channel only 0.5; L = −R gives 1; independent
 * equal-level noise ≈ 0.5. 0 when there is no energy at all. Clamped to [0, 1] against rounding.
 */
export function stereoWidth(s: StereoSums): number {
  const total = s.sumLL + s.sumRR
  if (!(total > 0)) return 0
  return clamp((total - 2 * s.sumLR) / (2 * total), 0, 1)
}

/**
 * `phase_correlation`: Pearson correlation of L and R, `cov(L,R) / (σ_L σ_R)`. L = R gives 1,
 * L = −R gives −1, independent noise ≈ 0. When either channel has (numerically) no variance — a
 * silent or constant channel — the correlation is undefined and we return 0, as the spec asks.
 */
export function phaseCorrelation(s: StereoSums): number {
  if (s.n === 0) return 0
  const meanL = s.sumL / s.n
  const meanR = s.sumR / s.n
  const varL = s.sumLL / s.n - meanL * meanL
  const varR = s.sumRR / s.n - meanR * meanR
  // Variance below −140 dBFS (or lost to cancellation against the mean) counts as none.
  const floor = 1e-14
  if (!(varL > floor * Math.max(1, meanL * meanL)) || !(varR > floor * Math.max(1, meanR * meanR))) return 0
  const cov = s.sumLR / s.n - meanL * meanR
  return clamp(cov / Math.sqrt(varL * varR), -1, 1)
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x))
}
