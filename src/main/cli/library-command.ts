/**
 * What the commands that use the library share: opening it (`--db` or the default) with one message for
 * a missing or unusable file, either through the core without resuming analysis (`similar`, `radio`,
 * `path`, `playlist`) or as the Library itself (`scan`, `tracks`, `eval`); resolving TRACK arguments (a
 * file path in the library, or a track id), group weights, and writing `--m3u FILE` playlists.
 */
import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { GroupWeights, TrackSummary } from '../../shared/api'
import { SIMILARITY_GROUPS as GROUPS, type SimilarityGroupKey as GroupKey } from '../../shared/dimensions'
import { LibraryFileError } from '../core/db'
import { Library } from '../core/library'
import { formatM3u } from '../core/m3u'
import { resolveDbPath } from '../core/paths'
import { type Core, openCore } from '../core/service'
import { EXIT, fail, UsageError } from './command'
import { safe } from './terminal'

export { intOption, UsageError } from './command'

/** The options `similar`, `radio` and `path` share (for node:util parseArgs). */
export const TRACK_LIST_OPTIONS = {
  db: { type: 'string' },
  weights: { type: 'string' },
  json: { type: 'boolean' },
  m3u: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Parses `rhythm=2,stereo=0` into group weights (undefined when the option is absent). */
export function parseWeights(text: string): GroupWeights
export function parseWeights(text: string | undefined): GroupWeights | undefined
export function parseWeights(text: string | undefined): GroupWeights | undefined {
  if (text === undefined) return undefined
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
export async function resolveTrack(core: Core, track: string): Promise<number> {
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

/** What to do when there is no library file at the path yet. */
type WhenMissing = 'create' | { exit: number }

/**
 * Opens the library at `--db` (or the default) with `open`, runs `fn` and closes it. No library file
 * yet: `soundprint <command>: no library at …` and `missing.exit`, unless `missing` is 'create'. Any
 * error opening it or in `fn` becomes one line `soundprint <command>: <message>` and exit status 1.
 */
async function withOpened<H>(
  command: string,
  db: string | undefined,
  missing: WhenMissing,
  open: (dbPath: string) => H | Promise<H>,
  close: (handle: H) => unknown,
  fn: (handle: H, dbPath: string) => Promise<number>,
): Promise<number> {
  const dbPath = resolveDbPath(db)
  if (missing !== 'create' && !existsSync(dbPath)) {
    process.stderr.write(`soundprint ${command}: no library at ${dbPath} yet (run \`soundprint scan FOLDER\` first)\n`)
    return missing.exit
  }
  let handle: H
  try {
    handle = await open(dbPath)
  } catch (err) {
    const msg =
      err instanceof LibraryFileError ? err.message : `cannot open the library ${dbPath}: ${(err as Error).message}`
    return fail(command, msg)
  }
  try {
    return await fn(handle, dbPath)
  } catch (err) {
    return fail(command, (err as Error).message)
  } finally {
    await close(handle)
  }
}

/** The core on the library at `--db`, without resuming analysis or starting workers (see withOpened). */
export function withCore(command: string, db: string | undefined, fn: (core: Core) => Promise<number>) {
  return withOpened(
    command,
    db,
    { exit: EXIT.failed },
    (dbPath) => openCore({ dbPath, autoResume: false }),
    (core) => core.close(),
    fn,
  )
}

/**
 * The Library at `--db` itself (see withOpened), for the commands that walk it row by row or import into it:
 * read-only where this user may not write it (as the core opens it), or for writing.
 */
export function withLibrary(
  command: string,
  db: string | undefined,
  opts: { write?: boolean; missing: WhenMissing },
  fn: (lib: Library, dbPath: string) => Promise<number>,
) {
  return withOpened(
    command,
    db,
    opts.missing,
    (dbPath) => (opts.write ? Library.open(dbPath) : Library.openForReading(dbPath)),
    (lib) => lib.close(),
    fn,
  )
}

/**
 * Writes `text` to `file`, or throws one clear sentence (the command turns it into exit 1): a missing
 * folder, a folder in the way, no permission.
 */
export function writeTextFile(file: string, text: string): void {
  const abs = resolve(file)
  try {
    writeFileSync(abs, text, 'utf8')
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    const why =
      e.code === 'ENOENT'
        ? `the folder ${dirname(abs)} does not exist`
        : e.code === 'EISDIR'
          ? 'it is a folder'
          : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
            ? 'permission denied'
            : e.message
    throw new Error(`cannot write ${abs}: ${why}`)
  }
}

/** Writes the tracks as an extended M3U8 playlist at `file` (absolute paths). */
export function writeM3u(file: string, tracks: readonly TrackSummary[]): void {
  writeTextFile(file, formatM3u(tracks))
}

/** The JSON of one listed track, as `radio --json` and `path --json` print it. */
export const trackJson = (t: TrackSummary & { score: number }) => ({
  id: t.id,
  path: t.path,
  title: t.title,
  artist: t.artist,
  album: t.album,
  score: t.score,
})

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))

/** A numbered table of tracks with their score: `#  score  title — artist  album  id`. */
export function trackTable(tracks: readonly (TrackSummary & { score: number })[]): string[] {
  const lines = [`   #  score  ${pad('title — artist', 44)}  ${pad('album', 24)}    id`]
  tracks.forEach((t, i) => {
    const who = safe(t.artist ? `${t.title} — ${t.artist}` : t.title)
    lines.push(
      `${String(i + 1).padStart(4)}  ${t.score.toFixed(3)}  ${pad(who, 44)}  ${pad(safe(t.album), 24)}  ${String(t.id).padStart(4)}`,
    )
  })
  return lines
}

export { pad }
