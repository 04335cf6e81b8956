/**
 * `soundprint tracks [--db PATH] [--json]`: lists the library with states and failure reasons.
 * With --json, one object per line: `{"id","path","state","error"?,"title","artist","album"}`, state one of
 * pending, analysing, done, failed, missing. Streams rows, so a 100 000-track library lists in constant memory.
 */
import { TRACK_STATES, type TrackState } from '../../shared/api'
import { EXIT, fail, parseCommand } from './command'
import { withLibrary } from './library-command'
import { jsonLine, safe } from './terminal'

const TRACKS_USAGE = `usage: soundprint tracks [--db PATH] [--json]

Lists the tracks of the library with their state (pending, analysing, done, failed, missing) and,
for failed tracks, the reason.
  --db PATH   library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --json      one JSON object per line
`

const SPEC = {
  name: 'tracks',
  usage: TRACKS_USAGE,
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: false,
} as const

export async function tracks(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv)
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  // An empty library is no error: nothing to list.
  return withLibrary('tracks', values.db, { missing: { exit: EXIT.ok } }, async (lib, dbPath) => {
    try {
      const out: string[] = []
      const flush = () => {
        if (out.length > 0) process.stdout.write(out.join(''))
        out.length = 0
      }
      const counts = Object.fromEntries(TRACK_STATES.map((s) => [s, 0])) as Record<TrackState, number>
      for (const t of lib.iterateTracks()) {
        counts[t.state]++
        if (values.json) {
          out.push(
            jsonLine({
              id: t.id,
              path: t.path,
              state: t.state,
              ...(t.error !== null ? { error: t.error } : {}),
              title: t.title,
              artist: t.artist,
              album: t.album,
            }),
          )
        } else {
          const who = t.artist ? `${safe(t.artist)} — ${safe(t.title)}` : safe(t.title)
          out.push(`${String(t.id).padStart(6)}  ${t.state.padEnd(9)}  ${who}  (${safe(t.path)})\n`)
          if (t.error) out.push(`${' '.repeat(19)}↳ ${safe(t.error)}\n`)
        }
        if (out.length >= 512) flush()
      }
      flush()
      if (!values.json) {
        const total = Object.values(counts).reduce((a, b) => a + b, 0)
        const parts = TRACK_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`)
        process.stdout.write(`${total} track${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}\n`)
      }
      return EXIT.ok
    } catch (err) {
      // Damage quick_check could not see from the pages it checks: one line, no stack trace.
      return fail(
        'tracks',
        `the library ${dbPath} could not be read to the end (${(err as Error).message}); restore it from a backup, or move it aside and scan your folders again`,
      )
    }
  })
}
