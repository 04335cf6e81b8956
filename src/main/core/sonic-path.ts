/**
 * Sonic path (`path.find`): from track A to track B in N steps (N + 2 tracks), every step a real analysed
 * track of the library, no track twice, each hop at least as similar as A is to B where the library allows.
 *
 * Method: layered shortest path. Distances are SimilarityIndex's weighted D² with the request's weights, hubness
 * factors included (D'², so a hop scores exactly as similar.query scores it)
 * (score = exp(−D²/2)); d = √D² behaves like a distance. In one pass over the index every track c gets
 *   progress t(c) = d(A,c) / (d(A,c) + d(c,B))   (0 at A, 1 at B)   and   detour e(c) = d(A,c) + d(c,B) − d(A,B),
 * and joins layer i = round(t · (N+1)) (clamped to 1..N); each layer keeps its LAYER_SIZE tracks of least
 * detour (the tracks that lie "between" A and B). Should a layer stay empty (a small or lopsided
 * library), the N · LAYER_SIZE tracks of least detour are instead sorted by progress and cut into N
 * equal layers. A track is in one layer only, so a path through the layers never repeats a track.
 * Then dynamic programming over A → layer 1 → … → layer N → B chooses one track per layer, minimising
 * lexicographically (1) the total excess Σ max(0, D²(hop) − D²(A,B)) — zero means every hop is at least
 * as similar as A is to B — and (2) the sum of the hops' D², which favours even, small steps (a smooth
 * journey rather than one big jump). When (1) cannot reach zero with the library's tracks, the result
 * says so (`smooth: false`) and is the path with the least excess.
 * Cost: one pass over the index for A and B (≈ 10 ms at 100 000 tracks), then N · LAYER_SIZE² pair
 * distances (≈ 30 000 for N = 30).
 */
import type { ApiRequest, ApiResponse, ScoredTrack } from '../../shared/api'
import { CoreError } from './core-error'
import { requireAnalysed, type SonicSource, scored, scoreOf } from './sonic-common'
import { smallestK } from './top-k'

type PathRequest = ApiRequest<'path.find'>
export type PathResult = ApiResponse<'path.find'>

const DEFAULT_PATH_STEPS = 8
const LAYER_SIZE = 32
/** Relative tolerance when comparing a hop with the direct distance (float32 coordinates). */
const TOLERANCE = 1e-6
/** Below this D² a track may be a copy of FROM or TO (SimilarityIndex.isDuplicate decides). */
const NEAR_D2 = 0.01

export function findPath(src: SonicSource, req: PathRequest): PathResult {
  const { index } = src
  const steps = req.steps ?? DEFAULT_PATH_STEPS
  if (!Number.isInteger(steps) || steps < 2 || steps > 30)
    throw new CoreError('invalid_request', `steps must be an integer between 2 and 30, got ${steps}`)
  if (req.from === req.to) throw new CoreError('invalid_request', 'FROM and TO are the same track: a path needs two')
  const info = src.summaries([req.from, req.to])
  const from = requireAnalysed(src, req.from, 'FROM', info.get(req.from))
  const to = requireAnalysed(src, req.to, 'TO', info.get(req.to))
  if (index.size < steps + 2)
    throw new CoreError(
      'invalid_request',
      `the library is too small for this path: ${steps} steps need ${steps + 2} analysed tracks, it has ${index.size}`,
    )

  const { ids, rows } = index.distancesFrom([req.from, req.to], req.weights, { hubness: true })
  const fromRow = rows[0] as Float64Array
  const toRow = rows[1] as Float64Array
  const n = ids.length
  const direct = index.pairDistances([req.from], [req.to], req.weights, { hubness: true })[0] as number
  const dAB = Math.sqrt(direct)

  // Progress, detour and layer of every other track.
  const detour = new Float64Array(n)
  const progress = new Float64Array(n)
  const layerOf = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const id = ids[i] as number
    const dFrom = fromRow[i] as number
    const dTo = toRow[i] as number
    if (
      id === req.from ||
      id === req.to ||
      (dFrom < NEAR_D2 && index.isDuplicate(id, req.from)) ||
      (dTo < NEAR_D2 && index.isDuplicate(id, req.to))
    ) {
      detour[i] = Number.NaN // never on the path (smallestK skips NaN)
      continue
    }
    const a = Math.sqrt(dFrom)
    const b = Math.sqrt(dTo)
    const t = a + b > 0 ? a / (a + b) : 0.5
    progress[i] = t
    detour[i] = a + b - dAB
    layerOf[i] = Math.min(steps, Math.max(1, Math.round(t * (steps + 1))))
  }
  // Each layer's tracks of least detour: the members of every layer gathered in one pass, then a heap each.
  const members: number[][] = Array.from({ length: steps + 1 }, () => [])
  for (let i = 0; i < n; i++) if (!Number.isNaN(detour[i] as number)) members[layerOf[i] as number]!.push(i)
  let layers: number[][] = []
  for (let layer = 1; layer <= steps; layer++) {
    const m = members[layer] as number[]
    const values = Float64Array.from(m, (i) => detour[i] as number)
    layers.push(smallestK(values, LAYER_SIZE).map((j) => ids[m[j] as number] as number))
  }
  if (layers.some((l) => l.length === 0)) {
    const pool = smallestK(detour, steps * LAYER_SIZE)
    pool.sort((x, y) => (progress[x] as number) - (progress[y] as number))
    if (pool.length < steps)
      throw new CoreError(
        'invalid_request',
        `the library is too small for this path: ${steps} steps need ${steps} other tracks that are not copies of FROM or TO`,
      )
    layers = []
    for (let l = 0; l < steps; l++) {
      const lo = Math.floor((l * pool.length) / steps)
      const hi = Math.floor(((l + 1) * pool.length) / steps)
      layers.push(pool.slice(lo, hi).map((i) => ids[i] as number))
    }
  }
  layers = [[req.from], ...layers, [req.to]]

  // Dynamic programming, one layer at a time: best (excess, sum) to reach each track of the layer.
  let excess = new Float64Array([0])
  let sum = new Float64Array([0])
  const back: Int32Array[] = []
  for (let l = 1; l < layers.length; l++) {
    const prev = layers[l - 1] as number[]
    const cur = layers[l] as number[]
    const d = index.pairDistances(prev, cur, req.weights, { hubness: true })
    const nextExcess = new Float64Array(cur.length).fill(Number.POSITIVE_INFINITY)
    const nextSum = new Float64Array(cur.length).fill(Number.POSITIVE_INFINITY)
    const from = new Int32Array(cur.length)
    for (let j = 0; j < cur.length; j++) {
      for (let p = 0; p < prev.length; p++) {
        const hop = d[p * cur.length + j] as number
        const e = (excess[p] as number) + Math.max(0, hop - direct * (1 + TOLERANCE))
        const s = (sum[p] as number) + hop
        if (e < (nextExcess[j] as number) || (e === nextExcess[j] && s < (nextSum[j] as number))) {
          nextExcess[j] = e
          nextSum[j] = s
          from[j] = p
        }
      }
    }
    excess = nextExcess
    sum = nextSum
    back.push(from)
  }

  // Walk back from B.
  const chosen: number[] = new Array(layers.length)
  let k = 0
  for (let l = layers.length - 1; l >= 0; l--) {
    chosen[l] = (layers[l] as number[])[k] as number
    if (l > 0) k = (back[l - 1] as Int32Array)[k] as number
  }
  const hops = chosen
    .slice(1)
    .map((id, i) => index.pairDistances([chosen[i] as number], [id], req.weights, { hubness: true })[0] as number)
  const all = src.summaries(chosen)
  all.set(from.id, from)
  all.set(to.id, to)
  const tracks: ScoredTrack[] = chosen.map((id, i) =>
    scored(all.get(id)!, i === 0 ? 1 : scoreOf(hops[i - 1] as number)),
  )
  return {
    tracks,
    directScore: scoreOf(direct),
    smooth: (excess[0] as number) === 0,
  }
}
