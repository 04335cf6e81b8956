/**
 * Sonic radio (`radio.next`): the next tracks of an endless queue that sounds like its seeds. Stateless —
 * the client sends the radio's state (seeds, what was played or queued, recent history, feedback) with
 * every request.
 *
 * Definition. Distances are SimilarityIndex's weighted D² with the request's group weights
 * (score = exp(−D²/2)). The seeds are represented by at most 6 of them chosen by farthest-point
 * sampling (the first seed, then repeatedly the seed farthest from those chosen), so a playlist radio
 * covers its whole range; "more like this" tracks (the last 3) join them. For a candidate c with
 * hubness factor f_c (SimilarityIndex.hubnessFactors):
 *   seed distance  S(c) = ½ · f_c · min_r D²(c, r) + ½ · mean_r D²(c, r)     (r over the representatives)
 *   score          = exp(−S(c)/2)   — the 0..1 similarity to the seeds that the API reports
 *   rank distance  R(c) = S(c) + mean_l β_l · (S(c) + S(l) − D²(c, l))
 *                  (l over the last 6 "less like this" tracks, β_l = exp(−S(l)/2), its similarity to the seeds)
 * Both terms are measured from the seeds, never from the last pick; the "less" term is Rocchio's
 * feedback written with distances only (what each term does and why: docs/similarity.md, "Radio").
 * Rules, in rank order: never a seed, an excluded id (played or queued), a "less" track or the same audio
 * as a seed, a pick or a recent track (SimilarityIndex.isDuplicate); only analysed tracks ('done'); no
 * track shorter than minDurationSec or inside an excluded folder; at most maxArtistRun (default 2)
 * consecutive tracks by one artist (artist tag, else the folder; counted over `recent` and the picks).
 * The artist rule only yields when no eligible track of another artist is left among the best
 * MAX_POOL candidates (a one-artist library still plays).
 * Cost: candidates are first the 400 nearest neighbours of each representative (SimilarityIndex.query,
 * which abandons far tracks early), scored exactly; only when they cannot fill the request (a long radio,
 * strict rules) is every track of the index scored (one pass per representative and "less" track).
 */
import { sep } from 'node:path'
import type { ApiRequest, ScoredTrack, TrackSummary } from '../../shared/api'
import { CoreError } from './core-error'
import { artistKey, requireAnalysed, type SonicSource, scored, scoreOf } from './sonic-common'
import { smallestK } from './top-k'

type RadioRequest = ApiRequest<'radio.next'>

interface RadioOptions {
  /** Hubness-corrected ranking (default true; false only to measure what it changes). */
  hubness?: boolean
}

const MAX_REPRESENTATIVES = 6
const MAX_MORE = 3
const MAX_LESS = 6
const DEFAULT_COUNT = 10
const DEFAULT_MAX_ARTIST_RUN = 2
/** Nearest neighbours of each representative examined first (at least). */
const PREFILTER_PER_REPRESENTATIVE = 400
/** How many of the best candidates are examined at most before the artist rule yields. */
const MAX_POOL = 2000
/** Recent tracks and seeds checked for the same audio (by content or identical fingerprint). */
const DUPLICATE_CHECK_RECENT = 20
const DUPLICATE_CHECK_SEEDS = 50

/** Picks up to `max` of `ids`: the first, then repeatedly the one farthest from all chosen so far. */
function farthestPoint(src: SonicSource, ids: number[], max: number, weights: RadioRequest['weights']): number[] {
  if (ids.length <= max) return ids
  const d = src.index.pairDistances(ids, ids, weights)
  const n = ids.length
  const chosen = [0]
  const nearest = Float64Array.from({ length: n }, (_, j) => d[j] as number)
  while (chosen.length < max) {
    let best = -1
    for (let j = 0; j < n; j++) if (best < 0 || (nearest[j] as number) > (nearest[best] as number)) best = j
    chosen.push(best)
    for (let j = 0; j < n; j++) nearest[j] = Math.min(nearest[j] as number, d[best * n + j] as number)
  }
  return chosen.map((i) => ids[i] as number)
}

const asFolder = (f: string): string => (f.endsWith('/') || f.endsWith('\\') ? f : f + sep)

export function radioNext(src: SonicSource, req: RadioRequest, opts: RadioOptions = {}): ScoredTrack[] {
  const { index } = src
  const count = req.count ?? DEFAULT_COUNT
  const maxRun = req.rules?.maxArtistRun ?? DEFAULT_MAX_ARTIST_RUN
  const minDuration = req.rules?.minDurationSec ?? 0
  const folders = (req.rules?.excludeFolders ?? []).map(asFolder)
  const weights = req.weights

  const seedIds = [...new Set(req.seeds)]
  if (seedIds.length === 0) throw new CoreError('invalid_request', 'a radio needs at least one seed track')
  const seedInfo = src.summaries(seedIds)
  for (const id of seedIds) if (!seedInfo.has(id)) throw new CoreError('not_found', `seed: no track with id ${id}`)
  const seeds = seedIds.filter((id) => index.has(id) && seedInfo.get(id)?.state === 'done')
  if (seeds.length === 0) {
    if (seedIds.length === 1) requireAnalysed(src, seedIds[0]!, 'seed', seedInfo.get(seedIds[0]!))
    throw new CoreError('not_found', `none of the ${seedIds.length} seed tracks has a fingerprint yet`)
  }
  if (index.size <= seeds.length)
    throw new CoreError(
      'invalid_request',
      `the library is too small for a radio: it has no analysed track besides the seed${seeds.length > 1 ? 's' : ''}`,
    )

  // The last word about a track counts.
  const feedback = new Map<number, 'less' | 'more'>()
  for (const f of req.feedback ?? []) {
    feedback.delete(f.id)
    feedback.set(f.id, f.kind)
  }
  const byKind = (kind: 'less' | 'more', max: number) =>
    [...feedback]
      .filter(([id, k]) => k === kind && index.has(id))
      .map(([id]) => id)
      .slice(-max)
  const more = byKind('more', MAX_MORE).filter((id) => !seeds.includes(id))
  const less = byKind('less', MAX_LESS)
  const reps = [...farthestPoint(src, seeds, MAX_REPRESENTATIVES, weights), ...more]

  const r = reps.length
  const factorsOf = (ids: readonly number[]) =>
    opts.hubness === false ? new Float64Array(ids.length).fill(1) : index.hubnessFactors(ids)
  /** S(x) from x's distances to the representatives (row q of `rows` at index i) and its hubness factor. */
  const seedDistance = (rows: readonly Float64Array[], i: number, f: number) => {
    let min = Number.POSITIVE_INFINITY
    let sum = 0
    for (let q = 0; q < r; q++) {
      const d = (rows[q] as Float64Array)[i] as number
      sum += d
      if (d < min) min = d
    }
    return 0.5 * f * min + (0.5 * sum) / r
  }
  // S(l) and β_l of each "less" track.
  const repToLess = less.length > 0 ? index.pairDistances(reps, less, weights) : new Float64Array(0)
  const lessRows = Array.from({ length: r }, (_, q) => repToLess.subarray(q * less.length, (q + 1) * less.length))
  const lessFactors = factorsOf(less)
  const lessDist = less.map((_, l) => seedDistance(lessRows, l, lessFactors[l] as number))
  const beta = lessDist.map(scoreOf)

  /** S and R (see the module comment) of every candidate `ids`; rows: distances from reps then "less" tracks. */
  const rank = (ids: readonly number[], rows: readonly Float64Array[]) => {
    const n = ids.length
    const factors = factorsOf(ids)
    const seedDist = new Float64Array(n)
    const ranked = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const s = seedDistance(rows, i, factors[i] as number)
      seedDist[i] = s
      let push = 0
      for (let l = 0; l < less.length; l++)
        push += (beta[l] as number) * (s + (lessDist[l] as number) - ((rows[r + l] as Float64Array)[i] as number))
      ranked[i] = less.length > 0 ? s + push / less.length : s
    }
    return { seedDist, ranked }
  }

  const excluded = new Set<number>([...seedIds, ...(req.exclude ?? []), ...less])
  const recent = (req.recent ?? []).slice(-Math.max(maxRun, DUPLICATE_CHECK_RECENT))
  const recentInfo = src.summaries(recent)
  const history: string[] = []
  for (const id of recent.slice(-maxRun)) {
    const t = recentInfo.get(id)
    if (t) history.push(artistKey(t))
  }
  const sameAudioAs = [...seeds.slice(0, DUPLICATE_CHECK_SEEDS), ...recent.slice(-DUPLICATE_CHECK_RECENT)]

  const eligible = (t: TrackSummary | undefined): t is TrackSummary =>
    !!t &&
    t.state === 'done' &&
    (minDuration <= 0 || (t.durationSec ?? 0) >= minDuration) &&
    !folders.some((f) => t.path.startsWith(f))
  /** Would `key` make more than maxRun in a row? */
  const runTooLong = (key: string) => history.length >= maxRun && history.slice(-maxRun).every((k) => k === key)

  const picks: ScoredTrack[] = []
  /**
   * Picks from the candidates `ids` (distances `rows`) until `count`. `complete`: ids are the whole index, so
   * running out ends the radio and lets the artist rule yield; otherwise running out returns false.
   */
  const select = (ids: readonly number[], rows: readonly Float64Array[], complete: boolean): boolean => {
    const n = ids.length
    const { seedDist, ranked } = rank(ids, rows)
    let pool = Math.min(n, count * 5 + 50)
    for (;;) {
      const order = smallestK(ranked, pool, (i) => excluded.has(ids[i] as number))
      const info = src.summaries(order.map((i) => ids[i] as number))
      const candidates = order.filter((i) => eligible(info.get(ids[i] as number)))
      const used = new Set<number>()
      const exhausted = order.length < pool || pool >= n
      const artistRuleYields = complete && (exhausted || pool >= MAX_POOL)
      while (picks.length < count) {
        let chosen = -1
        let fallback = -1
        for (const i of candidates) {
          if (used.has(i)) continue
          const id = ids[i] as number
          if (sameAudioAs.some((other) => index.isDuplicate(id, other))) {
            used.add(i)
            continue
          }
          if (!runTooLong(artistKey(info.get(id)!))) {
            chosen = i
            break
          }
          if (fallback < 0) fallback = i
        }
        if (chosen < 0 && artistRuleYields) chosen = fallback
        if (chosen < 0) break
        used.add(chosen)
        const id = ids[chosen] as number
        const t = info.get(id)!
        picks.push(scored(t, scoreOf(seedDist[chosen] as number)))
        excluded.add(id)
        sameAudioAs.push(id)
        history.push(artistKey(t))
      }
      if (picks.length >= count) return true
      if (exhausted) return complete
      pool = Math.min(n, pool * 4)
    }
  }

  // First the representatives' nearest neighbours (SimilarityIndex.query abandons far tracks early), then,
  // should they not fill the request (a long radio, strict rules), every track of the index.
  const queries = [...reps, ...less]
  const near = new Set<number>()
  const perRep = Math.max(PREFILTER_PER_REPRESENTATIVE, 4 * (count * 5 + 50))
  for (const rep of reps) for (const m of index.query(rep, { k: perRep, weights })) near.add(m.id)
  const nearIds = [...near]
  const matrix = index.pairDistances(queries, nearIds, weights)
  const nearRows = queries.map((_, q) => matrix.subarray(q * nearIds.length, (q + 1) * nearIds.length))
  if (!select(nearIds, nearRows, false)) {
    const all = index.distancesFrom(queries, weights)
    select(all.ids, all.rows, true)
  }
  return picks
}
