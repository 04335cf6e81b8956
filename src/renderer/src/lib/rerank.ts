/**
 * Live re-ranking of similar tracks while the user moves a group-weight slider. The server's answer
 * (similar.query with the weights) is the truth and replaces this as soon as it arrives; until then
 * each result's per-group agreement is combined with the new weights, each group counting by its
 * number of dimensions times its weight, so the list reorders at once under the user's hand.
 */
import type { GroupWeights, SimilarTrack } from '../../../shared/api'
import { GROUP_DIMENSIONS, SIMILARITY_GROUPS, type SimilarityGroupKey } from '../../../shared/dimensions'

export const WEIGHT_MIN = 0
export const WEIGHT_MAX = 3
export const WEIGHT_STEP = 0.1

/** 1× = the default the evaluator chose for each group (weights are multiples of it). */
export const DEFAULT_WEIGHTS: Readonly<Record<SimilarityGroupKey, number>> = Object.fromEntries(
  SIMILARITY_GROUPS.map((g) => [g.key, 1]),
) as Record<SimilarityGroupKey, number>

/** How many dimensions a group counts as in the estimate (timbre, which has no radar axis, as three). */
const groupSize = (g: SimilarityGroupKey) => (g === 'timbre' ? 3 : GROUP_DIMENSIONS[g].length)

/** Every group's weight, missing or invalid ones as 1, clamped to the slider range. */
export function fullWeights(w: GroupWeights | null | undefined): Record<SimilarityGroupKey, number> {
  const out = { ...DEFAULT_WEIGHTS }
  for (const g of SIMILARITY_GROUPS) {
    const v = w?.[g.key]
    if (typeof v === 'number' && Number.isFinite(v)) out[g.key] = Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, v))
  }
  return out
}

export function isDefaultWeights(w: GroupWeights): boolean {
  const f = fullWeights(w)
  return SIMILARITY_GROUPS.every((g) => f[g.key] === 1)
}

/** The weighted agreement (0..1) of one result under `weights`; null when every weight is zero. */
export function weightedAgreement(
  groups: Partial<Record<SimilarityGroupKey, number>>,
  weights: GroupWeights,
): number | null {
  const w = fullWeights(weights)
  let num = 0
  let den = 0
  for (const g of SIMILARITY_GROUPS) {
    const a = groups[g.key]
    if (typeof a !== 'number' || !Number.isFinite(a)) continue
    const k = w[g.key] * groupSize(g.key)
    num += k * a
    den += k
  }
  return den > 0 ? num / den : null
}

/**
 * Results re-ordered for `weights`, best first, with `score` replaced by the estimate. The estimate
 * is anchored to the server's scores: the weights the server used (`serverWeights`) map to the
 * server's scores exactly, and other weights shift each score by how its weighted agreement changes.
 * Ties keep the server's order.
 */
export function rerank(
  results: readonly SimilarTrack[],
  weights: GroupWeights,
  serverWeights: GroupWeights,
): SimilarTrack[] {
  const scored = results.map((r, i) => {
    const now = weightedAgreement(r.groups, weights)
    const then = weightedAgreement(r.groups, serverWeights)
    const score = now == null || then == null ? r.score : Math.min(1, Math.max(0, r.score + (now - then)))
    return { r, i, score }
  })
  scored.sort((a, b) => b.score - a.score || a.i - b.i)
  return scored.map(({ r, score }) => (score === r.score ? r : { ...r, score }))
}
