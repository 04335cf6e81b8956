/**
 * Leave-one-out evaluation of a similarity measure against ground-truth labels (the `soundprint eval`
 * command, and the scripts that compare Soundprint with a baseline on the same tracks).
 *
 * Every labelled track is a query; the others are ranked by the measure, and the query's own label is
 * the truth. Queries whose label has fewer than 2 tracks cannot find anything and are skipped (they
 * still take part as candidates and in the hubness figures).
 * - precision@k: share of the k nearest that carry the query's label, averaged over the queries;
 * - MAP: mean over queries of the average precision over the full ranking (AP = mean, over the
 *   relevant tracks, of the precision at each one's rank);
 * - nearest-neighbour accuracy: share of queries whose nearest neighbour carries their label;
 * - hubness of the k-nearest-neighbour graph over all tracks: skewness of the k-occurrence counts
 *   N_k(x) (how often x is in someone's top k), the share of tracks with N_k = 0 (in nobody's top k)
 *   and the largest N_k.
 * The same figures by chance come from random rankings (a seeded generator, averaged over rounds), so a
 * figure is always read beside what a measure that knows nothing would get on the same labels.
 */
import { readFileSync } from 'node:fs'
import { basename, dirname, relative, resolve, sep } from 'node:path'
import type { GroupWeights } from '../../shared/api'
import { rng, shuffleInPlace } from '../../shared/random'
import type { FingerprintEntry, Library } from './library'
import { SimilarityIndex, type SimilarityTuning } from './similarity'

interface EvalFigures {
  precisionAtK: number
  map: number
  nnAccuracy: number
  hubness: {
    /** Skewness of the k-occurrence counts (0 = symmetric; large = a few hubs). */
    skewness: number
    /** Share of tracks in nobody's top k. */
    neverShare: number
    /** The largest k-occurrence count. */
    maxCount: number
  }
}

interface LabelFigures {
  label: string
  tracks: number
  precisionAtK: number
  map: number
  nnAccuracy: number
  /** precision@k by chance for this label: (tracks − 1) / (all − 1). */
  chancePrecision: number
}

export interface EvalReport {
  k: number
  /** Tracks taking part (labelled). */
  tracks: number
  /** Queries evaluated (tracks whose label has ≥ 2 tracks). */
  queries: number
  /** Queries skipped because their label has fewer than 2 tracks, and how many such labels. */
  skippedQueries: number
  skippedLabels: number
  /** Labels with ≥ 2 tracks. */
  labels: number
  figures: EvalFigures
  chance: EvalFigures
  perLabel: LabelFigures[]
}

interface EvalOptions {
  /** Neighbours counted for precision and hubness (default 10). */
  k?: number
  /** Random rankings averaged for the chance figures (default 10). */
  chanceRounds?: number
  seed?: number
}

/**
 * `rank(q)` returns the indices of the other tracks (never q), best first; the full ranking gives the
 * exact MAP (a shorter one counts the relevant tracks it misses as never found).
 */
type Ranker = (q: number) => ArrayLike<number>

/** Evaluates the rankings of tracks labelled `labels[i]`. */
export function evaluateRankings(labels: readonly string[], rank: Ranker, opts: EvalOptions = {}): EvalReport {
  const n = labels.length
  const k = Math.max(1, Math.min(Math.floor(opts.k ?? 10), Math.max(1, n - 1)))
  const figures = evaluateOnce(labels, rank, k)
  const rounds = Math.max(1, Math.floor(opts.chanceRounds ?? 10))
  const random = rng(opts.seed ?? 1)
  const chanceRuns: Accumulated[] = []
  for (let r = 0; r < rounds; r++) chanceRuns.push(evaluateOnce(labels, randomRanker(n, random), k))
  const mean = (f: (a: Accumulated) => number) => chanceRuns.reduce((s, a) => s + f(a), 0) / rounds
  const chance: EvalFigures = {
    precisionAtK: mean((a) => a.overall.precisionAtK),
    map: mean((a) => a.overall.map),
    nnAccuracy: mean((a) => a.overall.nnAccuracy),
    hubness: {
      skewness: mean((a) => a.overall.hubness.skewness),
      neverShare: mean((a) => a.overall.hubness.neverShare),
      maxCount: mean((a) => a.overall.hubness.maxCount),
    },
  }
  const perLabel = figures.perLabel.map((l) => ({ ...l, chancePrecision: n > 1 ? (l.tracks - 1) / (n - 1) : 0 }))
  perLabel.sort((a, b) => a.label.localeCompare(b.label))
  return {
    k,
    tracks: n,
    queries: figures.queries,
    skippedQueries: figures.skippedQueries,
    skippedLabels: figures.skippedLabels,
    labels: perLabel.length,
    figures: figures.overall,
    chance,
    perLabel,
  }
}

interface Accumulated {
  overall: EvalFigures
  queries: number
  skippedQueries: number
  skippedLabels: number
  perLabel: Omit<LabelFigures, 'chancePrecision'>[]
}

function evaluateOnce(labels: readonly string[], rank: Ranker, k: number): Accumulated {
  const n = labels.length
  const labelCount = new Map<string, number>()
  for (const l of labels) labelCount.set(l, (labelCount.get(l) ?? 0) + 1)
  const per = new Map<string, { tracks: number; p: number; ap: number; nn: number }>()
  const occurrences = new Int32Array(n)
  let queries = 0
  let sumP = 0
  let sumAp = 0
  let sumNn = 0
  for (let q = 0; q < n; q++) {
    const ranking = rank(q)
    const top = Math.min(k, ranking.length)
    for (let i = 0; i < top; i++) occurrences[ranking[i] as number]!++
    const label = labels[q] as string
    const relevant = (labelCount.get(label) ?? 0) - 1
    if (relevant < 1) continue
    let hitsAtK = 0
    let hits = 0
    let apSum = 0
    for (let i = 0; i < ranking.length && hits < relevant; i++) {
      if (labels[ranking[i] as number] === label) {
        hits++
        apSum += hits / (i + 1)
        if (i < k) hitsAtK++
      }
    }
    const p = hitsAtK / k
    const ap = apSum / relevant
    const nn = ranking.length > 0 && labels[ranking[0] as number] === label ? 1 : 0
    queries++
    sumP += p
    sumAp += ap
    sumNn += nn
    let acc = per.get(label)
    if (!acc) per.set(label, (acc = { tracks: 0, p: 0, ap: 0, nn: 0 }))
    acc.tracks++
    acc.p += p
    acc.ap += ap
    acc.nn += nn
  }
  let skippedQueries = 0
  let skippedLabels = 0
  for (const count of labelCount.values()) {
    if (count < 2) {
      skippedLabels++
      skippedQueries += count
    }
  }
  return {
    overall: {
      precisionAtK: queries ? sumP / queries : 0,
      map: queries ? sumAp / queries : 0,
      nnAccuracy: queries ? sumNn / queries : 0,
      hubness: hubness(occurrences),
    },
    queries,
    skippedQueries,
    skippedLabels,
    perLabel: [...per].map(([label, a]) => ({
      label,
      tracks: a.tracks,
      precisionAtK: a.p / a.tracks,
      map: a.ap / a.tracks,
      nnAccuracy: a.nn / a.tracks,
    })),
  }
}

/** Skewness of the k-occurrence counts, the share that is 0 and the largest. */
export function hubness(occurrences: ArrayLike<number>): EvalFigures['hubness'] {
  const n = occurrences.length
  if (n === 0) return { skewness: 0, neverShare: 0, maxCount: 0 }
  let mean = 0
  let max = 0
  let never = 0
  for (let i = 0; i < n; i++) {
    const v = occurrences[i] as number
    mean += v
    if (v > max) max = v
    if (v === 0) never++
  }
  mean /= n
  let m2 = 0
  let m3 = 0
  for (let i = 0; i < n; i++) {
    const d = (occurrences[i] as number) - mean
    m2 += d * d
    m3 += d * d * d
  }
  m2 /= n
  m3 /= n
  return { skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0, neverShare: never / n, maxCount: max }
}

/** A ranker that orders the other tracks at random (a fresh permutation per query). */
function randomRanker(n: number, rng: () => number): Ranker {
  const perm = new Int32Array(Math.max(0, n - 1))
  return (q) => {
    for (let i = 0, j = 0; i < n; i++) if (i !== q) perm[j++] = i
    return shuffleInPlace(perm, rng)
  }
}

/** Ranks by a full distance matrix (row-major n × n, smaller = closer); for scripts and baselines. */
export function matrixRanker(distance: Float64Array | Float32Array, n: number): Ranker {
  return (q) => {
    const order: number[] = []
    for (let i = 0; i < n; i++) if (i !== q) order.push(i)
    const row = q * n
    order.sort((a, b) => (distance[row + a] as number) - (distance[row + b] as number) || a - b)
    return order
  }
}

/** The report as the text table `soundprint eval` prints (columns: one per named report). */
export function formatReports(reports: { name: string; report: EvalReport }[], byLabel = true): string {
  const first = reports[0]!.report
  const k = first.k
  const cols = [...reports.map((r) => r.name), 'chance']
  const w = Math.max(9, ...cols.map((c) => c.length)) + 2
  const head = (label: string) => label.padEnd(34) + cols.map((c) => c.padStart(w)).join('')
  const row = (label: string, f: (x: EvalFigures) => number, digits = 3) =>
    label.padEnd(34) +
    [...reports.map((r) => r.report.figures), first.chance].map((x) => f(x).toFixed(digits).padStart(w)).join('')
  const lines = [
    `${first.tracks} tracks, ${first.labels} labels; ${first.queries} queries` +
      (first.skippedQueries
        ? ` (${first.skippedQueries} skipped: ${first.skippedLabels} label${first.skippedLabels === 1 ? '' : 's'} with fewer than 2 tracks)`
        : ''),
    '',
    head(''),
    row(`precision@${k}`, (x) => x.precisionAtK),
    row('mean average precision (MAP)', (x) => x.map),
    row('nearest-neighbour accuracy', (x) => x.nnAccuracy),
    row(`hubness: skewness of N${k}`, (x) => x.hubness.skewness, 2),
    row(`hubness: share in nobody's top ${k}`, (x) => x.hubness.neverShare),
    row(`hubness: largest N${k}`, (x) => x.hubness.maxCount, 0),
  ]
  if (byLabel && first.perLabel.length > 0) {
    const lw = Math.min(30, Math.max(5, ...first.perLabel.map((l) => l.label.length)))
    lines.push(
      '',
      `per label: precision@${k} (MAP)`,
      `${'label'.padEnd(lw)}  tracks${cols.map((c) => c.padStart(w + 8)).join('')}`,
    )
    for (const l of first.perLabel) {
      const name = l.label.length > lw ? `${l.label.slice(0, lw - 1)}…` : l.label.padEnd(lw)
      const cells = reports.map((r) => {
        const x = r.report.perLabel.find((p) => p.label === l.label)
        return x ? `${x.precisionAtK.toFixed(3)} (${x.map.toFixed(3)})`.padStart(w + 8) : '—'.padStart(w + 8)
      })
      lines.push(
        `${name}  ${String(l.tracks).padStart(6)}${cells.join('')}${l.chancePrecision.toFixed(3).padStart(w + 8)}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** What the ground-truth label of a track is (see `soundprint eval --by`). */
export type LabelSource = 'folder' | 'album' | 'artist' | 'genre' | { file: string }

interface LabelledEntries {
  entries: FingerprintEntry[]
  labels: string[]
  paths: string[]
  /** Analysed tracks left out because they have no label (no tag, not in the labels file). */
  unlabelled: number
}

/**
 * The analysed tracks of a library with their labels: `folder` = the first folder level under the
 * track's library root (files directly in the root share the root's own name), the tags, or a TSV file
 * of `path<TAB>label` lines (paths absolute or relative to the file's folder; `#` starts a comment).
 */
export function labelLibrary(lib: Library, by: LabelSource): LabelledEntries {
  let fromFile: Map<string, string> | null = null
  if (typeof by === 'object') fromFile = readLabelFile(by.file)
  const roots = new Map(lib.roots().map((r) => [r.id, r.path]))
  const out: LabelledEntries = { entries: [], labels: [], paths: [], unlabelled: 0 }
  // Read every entry first: the library's other statements cannot run while one iterates.
  for (const entry of [...lib.fingerprintEntries()]) {
    const t = lib.get(entry.id)
    if (!t) continue
    let label: string | null = null
    if (fromFile) label = fromFile.get(t.path) ?? null
    else if (by === 'folder') {
      const root = t.rootId !== null ? roots.get(t.rootId) : undefined
      if (root) {
        const rel = relative(root, t.path)
        const first = rel.split(/[\\/]/)[0]
        label = rel.includes(sep) || rel.includes('/') ? (first ?? null) : basename(root)
      }
    } else if (by === 'album') label = t.tags.album
    else if (by === 'artist') label = t.tags.albumArtist ?? t.tags.artist
    else if (by === 'genre') label = t.tags.genre
    if (label === null || label.trim() === '') {
      out.unlabelled++
      continue
    }
    out.entries.push(entry)
    out.labels.push(label.trim())
    out.paths.push(t.path)
  }
  return out
}

function readLabelFile(file: string): Map<string, string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`cannot read the labels file ${file}: ${(err as Error).message}`)
  }
  const map = new Map<string, string>()
  const dir = dirname(resolve(file))
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return
    const tab = line.indexOf('\t')
    if (tab <= 0) throw new Error(`${file}:${i + 1}: expected path<TAB>label`)
    const path = resolve(dir, line.slice(0, tab))
    map.set(path, line.slice(tab + 1).trim())
  })
  return map
}

/**
 * Leave-one-out over `entries` with Soundprint's own similarity (a fresh index over exactly these
 * tracks, so unlabelled tracks neither help nor hurt), ranking every other track per query
 * (`depth`: only the nearest `depth`, which is faster and leaves MAP approximate — for tuning loops).
 */
export function evaluateSimilarity(
  entries: readonly FingerprintEntry[],
  labels: readonly string[],
  opts: EvalOptions & { weights?: GroupWeights; tuning?: Partial<SimilarityTuning>; depth?: number } = {},
): EvalReport {
  const index = new SimilarityIndex(entries, opts.tuning)
  const slot = new Map(entries.map((e, i) => [e.id, i]))
  const depth = Math.min(entries.length - 1, opts.depth ?? entries.length - 1)
  return evaluateRankings(
    labels,
    (q) => index.query(entries[q]!.id, { k: depth, weights: opts.weights }).map((m) => slot.get(m.id)!),
    opts,
  )
}
