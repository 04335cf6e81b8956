/**
 * `soundprint similar [--db PATH] [-n K] [--weights G=W,…] [--json] TRACK`: the K tracks that sound most
 * like TRACK (a file path in the library, or a track id), best first, with the 0–1 similarity score,
 * the duplicate flag and how much each of the seven groups agrees.
 *
 * With --json one object: `{"query":{"id","path"},"results":[{"id","path","title","artist","score",
 * "duplicate","groups":{…}}]}` (the API's SimilarResult). Exit 0 on success, 1 when the track is not in
 * the library or has no fingerprint yet (or the library cannot be opened), 2 for bad arguments.
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { GroupWeights, SimilarResult } from '../../shared/api'
import { GROUPS, type GroupKey } from '../../shared/dimensions'
import { resolveDbPath } from '../core/paths'
import { type Core, openCore } from '../core/service'

export const SIMILAR_USAGE = `usage: soundprint similar [--db PATH] [-n K] [--weights G=W,…] [--json] TRACK

Lists the tracks that sound most like TRACK (a file path in the library, or a track id), best first.
  --db PATH          library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  -n, --count K      number of results, 1–1000 (default 10)
  --weights G=W,…    group weights (default 1 each; 0 ignores a group), groups:
                     ${GROUPS.map((g) => g.key).join(', ')}
  --json             print one JSON object: {"query":{"id","path"},"results":[…]}
`

const GROUP_ABBREV: Record<GroupKey, string> = {
  frequency: 'freq',
  dynamics: 'dyn',
  rhythm: 'rhy',
  spectral: 'spec',
  harmony: 'harm',
  variation: 'var',
  stereo: 'ster',
}

class UsageError extends Error {}

/** Parses `rhythm=2,stereo=0` into group weights. */
export function parseWeights(text: string): GroupWeights {
  const weights: GroupWeights = {}
  const keys = new Set<string>(GROUPS.map((g) => g.key))
  for (const part of text.split(',')) {
    if (!part.trim()) continue
    const m = /^\s*([a-z]+)\s*=\s*([^\s]+)\s*$/.exec(part)
    if (!m || !keys.has(m[1]!))
      throw new UsageError(`--weights: expected GROUP=NUMBER with GROUP one of ${[...keys].join(', ')}, got '${part}'`)
    const w = Number(m[2])
    if (!Number.isFinite(w) || w < 0) throw new UsageError(`--weights: ${m[1]} must be a number ≥ 0, got '${m[2]}'`)
    weights[m[1] as GroupKey] = w
  }
  return weights
}

/** The track id of TRACK: an existing file's library entry, else a positive integer id. */
async function resolveTrack(core: Core, track: string): Promise<number> {
  const abs = resolve(track)
  if (existsSync(abs)) {
    if (!statSync(abs).isFile()) throw new Error(`${abs} is not a file`)
    const candidates = new Set([abs])
    try {
      candidates.add(realpathSync(abs))
    } catch {
      // keep the plain path
    }
    for (const p of candidates) {
      const page = await core.api['tracks.query']({ filter: p, limit: 1000 })
      const row = page.rows.find((r) => r.path === p)
      if (row) return row.id
    }
    throw new Error(`${abs} is not in the library (run \`soundprint scan\` on its folder first)`)
  }
  if (/^\d+$/.test(track) && Number(track) >= 1 && Number.isSafeInteger(Number(track))) return Number(track)
  throw new Error(`no such file or track id: ${track}`)
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))

function printTable(res: SimilarResult, queryTitle: string): void {
  const lines = [`Tracks like ${queryTitle}  (id ${res.query.id}, ${res.query.path})`]
  if (res.results.length === 0) lines.push('  no other fingerprinted track in the library yet')
  else {
    const groupHead = GROUPS.map((g) => GROUP_ABBREV[g.key].padStart(4)).join(' ')
    lines.push(`   #  score  ${pad('title — artist', 44)}  ${groupHead}   id`)
    res.results.forEach((r, i) => {
      const who = r.artist ? `${r.title} — ${r.artist}` : r.title
      const groups = GROUPS.map((g) => String(Math.round(r.groups[g.key] * 100)).padStart(4)).join(' ')
      const dup = r.duplicate ? '  (duplicate)' : ''
      lines.push(
        `${String(i + 1).padStart(4)}  ${r.score.toFixed(3)}  ${pad(who, 44)}  ${groups}  ${String(r.id).padStart(4)}${dup}`,
      )
    })
    lines.push('', 'score 0–1 (1 = identical fingerprint); group columns: agreement in % per group of dimensions')
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

export async function similar(argv: string[]): Promise<number> {
  let values: { db?: string; count?: string; weights?: string; json?: boolean; help?: boolean }
  let positionals: string[]
  let k = 10
  let weights: GroupWeights | undefined
  try {
    ;({ values, positionals } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        count: { type: 'string', short: 'n' },
        weights: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }))
    if (values.help) {
      process.stdout.write(SIMILAR_USAGE)
      return 0
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one TRACK' : 'no TRACK given')
    if (values.count !== undefined) {
      k = Number(values.count)
      if (!Number.isInteger(k) || k < 1 || k > 1000)
        throw new UsageError(`-n must be an integer 1–1000, got '${values.count}'`)
    }
    if (values.weights !== undefined) weights = parseWeights(values.weights)
  } catch (err) {
    process.stderr.write(`soundprint similar: ${(err as Error).message}\n\n${SIMILAR_USAGE}`)
    return 2
  }

  const dbPath = resolveDbPath(values.db)
  if (!existsSync(dbPath)) {
    process.stderr.write(`soundprint similar: no library at ${dbPath} yet (run \`soundprint scan FOLDER\` first)\n`)
    return 1
  }
  let core: Core
  try {
    // Read-only use: no analysis is resumed and no worker starts.
    core = await openCore({ dbPath, autoResume: false })
  } catch (err) {
    process.stderr.write(`soundprint similar: ${(err as Error).message}\n`)
    return 1
  }
  try {
    const id = await resolveTrack(core, positionals[0]!)
    const res = await core.api['similar.query']({ id, k, weights })
    if (values.json) process.stdout.write(`${JSON.stringify(res)}\n`)
    else {
      const q = await core.api['tracks.get']({ id })
      printTable(res, q.artist ? `${q.title} — ${q.artist}` : q.title)
    }
    return 0
  } catch (err) {
    process.stderr.write(`soundprint similar: ${(err as Error).message}\n`)
    return 1
  } finally {
    await core.close()
  }
}
