/**
 * The stored timbre descriptor (`src/dsp-worker/analysis/timbre.ts`: the mean and packed covariance of
 * 20 mel-cepstral coefficients) read as a Gaussian, and what the classic timbre model does with it:
 * the symmetric Kullback-Leibler divergence between two Gaussians and mutual proximity over a distance
 * matrix. Soundprint's own similarity uses a fast vector summary of the same descriptor (similarity.ts);
 * these serve the baseline it is evaluated against (scripts/eval-baseline.mjs).
 */
import { TIMBRE_LENGTH, TIMBRE_MFCC } from '../../shared/timbre'

export interface Gaussian {
  mean: Float64Array
  cov: Float64Array
  /** Inverse covariance (row-major d × d). */
  icov: Float64Array
}

/** The Gaussian of a stored descriptor; the covariance gets a tiny ridge so that it always inverts. */
export function gaussianFromTimbre(t: ArrayLike<number>): Gaussian {
  if (t.length !== TIMBRE_LENGTH) throw new Error(`timbre descriptor has ${t.length} values, expected ${TIMBRE_LENGTH}`)
  const d = TIMBRE_MFCC
  const mean = Float64Array.from({ length: d }, (_, i) => t[i] as number)
  const cov = new Float64Array(d * d)
  let o = d
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++, o++) cov[i * d + j] = cov[j * d + i] = t[o] as number
  let trace = 0
  for (let i = 0; i < d; i++) trace += cov[i * d + i] as number
  const ridge = Math.max(1e-6, (1e-6 * trace) / d)
  for (let i = 0; i < d; i++) cov[i * d + i] = (cov[i * d + i] as number) + ridge
  return { mean, cov, icov: invertSpd(cov, d) }
}

/** Inverse of a symmetric positive definite matrix by Gauss-Jordan elimination with partial pivoting. */
function invertSpd(m: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(m)
  const inv = new Float64Array(d * d)
  for (let i = 0; i < d; i++) inv[i * d + i] = 1
  for (let c = 0; c < d; c++) {
    let p = c
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c] as number) > Math.abs(a[p * d + c] as number)) p = r
    if (p !== c) {
      for (let j = 0; j < d; j++) {
        const t1 = a[c * d + j] as number
        a[c * d + j] = a[p * d + j] as number
        a[p * d + j] = t1
        const t2 = inv[c * d + j] as number
        inv[c * d + j] = inv[p * d + j] as number
        inv[p * d + j] = t2
      }
    }
    const pivot = a[c * d + c] as number
    if (pivot === 0) throw new Error('singular covariance')
    for (let j = 0; j < d; j++) {
      a[c * d + j] = (a[c * d + j] as number) / pivot
      inv[c * d + j] = (inv[c * d + j] as number) / pivot
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue
      const f = a[r * d + c] as number
      if (f === 0) continue
      for (let j = 0; j < d; j++) {
        a[r * d + j] = (a[r * d + j] as number) - f * (a[c * d + j] as number)
        inv[r * d + j] = (inv[r * d + j] as number) - f * (inv[c * d + j] as number)
      }
    }
  }
  return inv
}

/**
 * Symmetric KL divergence ½(KL(p‖q) + KL(q‖p)) = ¼[tr(Σp⁻¹Σq) + tr(Σq⁻¹Σp) + Δμᵀ(Σp⁻¹ + Σq⁻¹)Δμ] − d/2.
 */
export function symmetricKl(p: Gaussian, q: Gaussian): number {
  const d = p.mean.length
  let tr = 0
  for (let i = 0; i < d * d; i++)
    tr += (p.icov[i] as number) * (q.cov[i] as number) + (q.icov[i] as number) * (p.cov[i] as number)
  let quad = 0
  for (let i = 0; i < d; i++) {
    const di = (p.mean[i] as number) - (q.mean[i] as number)
    for (let j = 0; j < d; j++) {
      const dj = (p.mean[j] as number) - (q.mean[j] as number)
      quad += di * dj * ((p.icov[i * d + j] as number) + (q.icov[i * d + j] as number))
    }
  }
  return Math.max(0, 0.25 * (tr + quad) - d / 2)
}

/**
 * Mutual proximity (Schnitzer et al. 2012), empirical form: for a symmetric n × n distance matrix,
 * MP(x, y) = P(X > d_xy ∧ Y > d_xy) estimated over the other tracks j, returned as the distance
 * 1 − MP (row-major n × n, 0 on the diagonal).
 */
export function mutualProximity(dist: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n)
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      const dxy = dist[x * n + y] as number
      let both = 0
      for (let j = 0; j < n; j++) {
        if (j === x || j === y) continue
        if ((dist[x * n + j] as number) > dxy && (dist[y * n + j] as number) > dxy) both++
      }
      out[x * n + y] = out[y * n + x] = 1 - both / Math.max(1, n - 2)
    }
  }
  return out
}
