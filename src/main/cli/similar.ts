/**
 * `soundprint similar [--db PATH] [-n K] [--weights G=W,…] [--json] [--m3u FILE] TRACK`: the K tracks that sound most
 * like TRACK (a file path in the library, or a track id), best first, with the 0–1 similarity score,
 * the duplicate flag and how much each of the seven groups agrees.
 *
 * With --json one object: `{"query":{"id","path"},"results":[{"id","path","title","artist","score",
 * "duplicate","groups":{…}}]}` (the API's SimilarResult). Exit 0 on success, 1 when the track is not in
 * the library or has no fingerprint yet (or the library cannot be opened, or FILE cannot be written),
 * 2 for bad arguments. `--m3u FILE` also writes the results as an extended M3U8 playlist.
 */
import type { SimilarResult } from '../../shared/api'
import { SIMILARITY_GROUPS as GROUPS, type SimilarityGroupKey as GroupKey } from '../../shared/dimensions'
import { EXIT, intOption, parseCommand, UsageError } from './command'
import { pad, parseWeights, resolveTrack, TRACK_LIST_OPTIONS, withCore, writeM3u } from './library-command'
import { jsonLine, safe } from './terminal'

const SIMILAR_USAGE = `usage: soundprint similar [--db PATH] [-n K] [--weights G=W,…] [--json] [--m3u FILE] TRACK

Lists the tracks that sound most like TRACK (a file path in the library, or a track id), best first.
  --db PATH          library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  -n, --count K      number of results, 1–1000 (default 10)
  --weights G=W,…    group weights as multiples of the defaults (1 each; 0 ignores a group), groups:
                     ${GROUPS.map((g) => g.key).join(', ')}
  --json             print one JSON object: {"query":{"id","path"},"results":[…]}
  --m3u FILE         also write the results as an extended M3U8 playlist
`

const GROUP_ABBREV: Record<GroupKey, string> = {
  frequency: 'freq',
  dynamics: 'dyn',
  rhythm: 'rhy',
  spectral: 'spec',
  harmony: 'harm',
  variation: 'var',
  stereo: 'ster',
  timbre: 'timb',
}

function printTable(res: SimilarResult, queryTitle: string): void {
  const lines = [`Tracks like ${safe(queryTitle)}  (id ${res.query.id}, ${safe(res.query.path)})`]
  if (res.results.length === 0) lines.push('  no other fingerprinted track in the library yet')
  else {
    const groupHead = GROUPS.map((g) => GROUP_ABBREV[g.key].padStart(4)).join(' ')
    lines.push(`   #  score  ${pad('title — artist', 44)}  ${groupHead}   id`)
    res.results.forEach((r, i) => {
      const who = safe(r.artist ? `${r.title} — ${r.artist}` : r.title)
      const groups = GROUPS.map((g) => String(Math.round(r.groups[g.key] * 100)).padStart(4)).join(' ')
      const dup = r.duplicate ? '  (duplicate)' : ''
      lines.push(
        `${String(i + 1).padStart(4)}  ${r.score.toFixed(3)}  ${pad(who, 44)}  ${groups}  ${String(r.id).padStart(4)}${dup}`,
      )
    })
    lines.push(
      '',
      'score 0–1 (1 = identical fingerprint), relative to this library; group columns: agreement in % per group',
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

const SPEC = {
  name: 'similar',
  usage: SIMILAR_USAGE,
  options: { ...TRACK_LIST_OPTIONS, count: { type: 'string', short: 'n' } },
} as const

export async function similar(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values, positionals }) => {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one TRACK' : 'no TRACK given')
    return { k: intOption(values.count, '-n', 1, 1000, 10), weights: parseWeights(values.weights) }
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals, k, weights } = parsed

  return withCore('similar', values.db, async (core) => {
    const id = await resolveTrack(core, positionals[0]!)
    const res = await core.api['similar.query']({ id, k, weights })
    if (values.m3u !== undefined) {
      const tracks = await Promise.all(res.results.map((r) => core.api['tracks.get']({ id: r.id })))
      writeM3u(values.m3u, tracks)
    }
    if (values.json) process.stdout.write(jsonLine(res))
    else {
      const q = await core.api['tracks.get']({ id })
      printTable(res, q.artist ? `${q.title} — ${q.artist}` : q.title)
    }
    return EXIT.ok
  })
}
