/**
 * `soundprint path [--db PATH] [--steps N] [--weights G=W,…] [--json] [--m3u FILE] FROM TO`: a sonic path
 * from track FROM to track TO (paths in the library or ids) in N steps (`path.find`; the method is in
 * src/main/core/sonic-path.ts).
 *
 * With --json one object: `{"tracks":[{"id","path","title","artist","album","score"}]}` with FROM first and
 * TO last (N + 2 tracks); each score after the first is that track's similarity to the one before it.
 * When the library has no path whose every hop is at least as similar as FROM is to TO, a note says so
 * on stderr (the path is still printed). `--m3u FILE` also writes the path as an extended M3U8 playlist.
 * Exit 0 on success, 1 for an unknown track, a track without a fingerprint, FROM = TO, a library too
 * small or a FILE that cannot be written, 2 for bad arguments.
 */
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

const PATH_USAGE = `usage: soundprint path [--db PATH] [--steps N] [--json] [--m3u FILE] FROM TO

Finds a sonic path from track FROM to track TO (file paths in the library, or track ids): N tracks in
between, each a real track, none twice, every hop at least as similar as FROM is to TO where the library allows.
  --db PATH          library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --steps N          tracks between FROM and TO, 2–30 (default 8)
  --weights G=W,…    group weights (default 1 each; 0 ignores a group), groups:
                     ${GROUPS.map((g) => g.key).join(', ')}
  --json             print one JSON object: {"tracks":[…]} with FROM first and TO last
  --m3u FILE         also write the path as an extended M3U8 playlist
`

const SPEC = { name: 'path', usage: PATH_USAGE, options: { ...TRACK_LIST_OPTIONS, steps: { type: 'string' } } } as const

export async function sonicPath(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values, positionals }) => {
    if (positionals.length !== 2)
      throw new UsageError(`give FROM and TO (two tracks), got ${positionals.length} argument(s)`)
    return { steps: intOption(values.steps, '--steps', 2, 30, 8), weights: parseWeights(values.weights) }
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals, steps, weights } = parsed

  return withCore('path', values.db, async (core) => {
    const from = await resolveTrack(core, positionals[0]!)
    const to = await resolveTrack(core, positionals[1]!)
    const res = await core.api['path.find']({ from, to, steps, weights })
    if (values.m3u !== undefined) writeM3u(values.m3u, res.tracks)
    if (!res.smooth)
      process.stderr.write(
        `soundprint path: note: the library has no path whose every hop is as similar as FROM is to TO (${res.directScore.toFixed(3)}); this is the closest\n`,
      )
    if (values.json) process.stdout.write(jsonLine({ tracks: res.tracks.map(trackJson) }))
    else {
      const lines = [
        `Path from track ${from} to track ${to} in ${steps} steps (FROM and TO: similarity ${res.directScore.toFixed(3)})`,
        ...trackTable(res.tracks),
        '',
        'score 0–1: similarity to the track before',
      ]
      process.stdout.write(`${lines.join('\n')}\n`)
    }
    return EXIT.ok
  })
}
