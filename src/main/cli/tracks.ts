/**
 * `soundprint tracks [--db PATH] [--json]`: lists the library with states and failure reasons.
 * With --json, one object per line: `{"id","path","state","error"?,"title","artist","album"}`, state one of
 * pending, analysing, done, failed, missing. Streams rows, so a 100 000-track library lists in constant memory.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { TRACK_STATES, type TrackState } from '../../shared/api'
import { LibraryFileError } from '../core/db'
import { Library } from '../core/library'
import { resolveDbPath } from '../core/paths'
import { jsonLine, safe } from './terminal'

export const TRACKS_USAGE = `usage: soundprint tracks [--db PATH] [--json]

Lists the tracks of the library with their state (pending, analysing, done, failed, missing) and,
for failed tracks, the reason.
  --db PATH   library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --json      one JSON object per line
`

export async function tracks(argv: string[]): Promise<number> {
  let values: { db?: string; json?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (err) {
    process.stderr.write(`soundprint tracks: ${(err as Error).message}\n\n${TRACKS_USAGE}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(TRACKS_USAGE)
    return 0
  }
  const dbPath = resolveDbPath(values.db)
  if (!existsSync(dbPath)) {
    process.stderr.write(`soundprint tracks: no library at ${dbPath} yet (run \`soundprint scan FOLDER\` first)\n`)
    return 0
  }
  let lib: Library
  try {
    lib = Library.openForReading(dbPath)
  } catch (err) {
    const msg =
      err instanceof LibraryFileError ? err.message : `cannot open the library ${dbPath}: ${(err as Error).message}`
    process.stderr.write(`soundprint tracks: ${safe(msg)}\n`)
    return 1
  }
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
    return 0
  } catch (err) {
    // Damage quick_check could not see from the pages it checks: one line, no stack trace.
    process.stderr.write(
      `soundprint tracks: the library ${dbPath} could not be read to the end (${(err as Error).message}); restore it from a backup, or move it aside and scan your folders again\n`,
    )
    return 1
  } finally {
    lib.close()
  }
}
