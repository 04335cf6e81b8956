/**
 * `soundprint radio [--db PATH] [-n N] [--weights G=W,…] [--max-artist-run N] [--min-duration SEC]
 * [--exclude-folder DIR]… [--json] [--m3u FILE] TRACK…`: the first N tracks of a sonic radio seeded by one
 * or more tracks (paths in the library or ids), in play order, seeds not included (`radio.next`, whose
 * rules and definition are in src/main/core/radio.ts; asked 100 at a time with the radio's state).
 *
 * With --json one object: `{"seeds":[{"id","path"}],"tracks":[{"id","path","title","artist","album","score"}]}`,
 * score = the track's 0–1 similarity to the seeds. `--m3u FILE` also writes the tracks as an extended M3U8
 * playlist. Exit 0 on success, 1 for an unknown track, a seed without a fingerprint, a library too small
 * or a FILE that cannot be written, 2 for bad arguments.
 */
import { resolve } from 'node:path'
import type { RadioRules, ScoredTrack } from '../../shared/api'
import { GROUPS } from '../../shared/dimensions'
import { EXIT, intOption, parseCommand, UsageError } from './command'
import {
  parseWeights,
  resolveTrack,
  TRACK_LIST_OPTIONS,
  trackJson,
  trackTable,
  withCore,
  writeM3u,
} from './library-command'
import { jsonLine } from './terminal'

const RADIO_USAGE = `usage: soundprint radio [--db PATH] [-n N] [--json] [--m3u FILE] TRACK…

Plays a sonic radio from one or more seed tracks (file paths in the library, or track ids): lists its
first N tracks in play order — each close to the seeds, never a seed, never a track twice, at most two
in a row by one artist.
  --db PATH             library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  -n, --count N         number of tracks, 1–1000 (default 10)
  --weights G=W,…       group weights (default 1 each; 0 ignores a group), groups:
                        ${GROUPS.map((g) => g.key).join(', ')}
  --max-artist-run N    at most N tracks in a row by one artist (default 2; untagged: by folder)
  --min-duration SEC    leave out tracks shorter than SEC seconds
  --exclude-folder DIR  leave out tracks inside DIR (repeatable)
  --json                print one JSON object: {"seeds":[{"id","path"}],"tracks":[…]}
  --m3u FILE            also write the tracks as an extended M3U8 playlist
`

/** Tracks the API hands out per request. */
const BATCH = 100

const SPEC = {
  name: 'radio',
  usage: RADIO_USAGE,
  options: {
    ...TRACK_LIST_OPTIONS,
    count: { type: 'string', short: 'n' },
    'max-artist-run': { type: 'string' },
    'min-duration': { type: 'string' },
    'exclude-folder': { type: 'string', multiple: true },
  },
} as const

export async function radio(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values, positionals }) => {
    if (positionals.length === 0) throw new UsageError('no TRACK given')
    const rules: RadioRules = {}
    if (values['max-artist-run'] !== undefined)
      rules.maxArtistRun = intOption(values['max-artist-run'], '--max-artist-run', 1, 1000, 2)
    if (values['min-duration'] !== undefined) {
      const sec = Number(values['min-duration'])
      if (!Number.isFinite(sec) || sec < 0)
        throw new UsageError(`--min-duration must be a number of seconds ≥ 0, got '${values['min-duration']}'`)
      rules.minDurationSec = sec
    }
    if (values['exclude-folder']) rules.excludeFolders = values['exclude-folder'].map((d) => resolve(d))
    return { count: intOption(values.count, '-n', 1, 1000, 10), weights: parseWeights(values.weights), rules }
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals, count, weights, rules } = parsed

  return withCore('radio', values.db, async (core) => {
    const seeds: number[] = []
    for (const t of positionals) seeds.push(await resolveTrack(core, t))
    const tracks: ScoredTrack[] = []
    while (tracks.length < count) {
      const played = tracks.map((t) => t.id)
      const next = await core.api['radio.next']({
        seeds,
        exclude: played,
        recent: played.slice(-20),
        count: Math.min(BATCH, count - tracks.length),
        weights,
        rules,
      })
      tracks.push(...next.tracks)
      if (next.tracks.length === 0) break
    }
    if (values.m3u !== undefined) writeM3u(values.m3u, tracks)
    if (values.json) {
      const seedInfo = await Promise.all(seeds.map((id) => core.api['tracks.get']({ id })))
      const out = { seeds: seedInfo.map((s) => ({ id: s.id, path: s.path })), tracks: tracks.map(trackJson) }
      process.stdout.write(jsonLine(out))
    } else {
      const lines = [`Radio from ${seeds.length === 1 ? 'track' : 'tracks'} ${seeds.join(', ')}`]
      if (tracks.length === 0) lines.push('  no track fits the rules')
      else lines.push(...trackTable(tracks), '', 'score 0–1: similarity to the seeds')
      if (tracks.length < count)
        lines.push(`(the library has no more tracks for this radio: ${tracks.length} of ${count})`)
      process.stdout.write(`${lines.join('\n')}\n`)
    }
    return EXIT.ok
  })
}
