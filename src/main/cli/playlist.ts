/**
 * `soundprint playlist list|show|create|export|import|delete …`: the library's saved playlists
 * (`playlists.*`, src/main/core/playlists.ts). PLAYLIST is a playlist id or its name (case-insensitive).
 *   list   [--json]                          every playlist: id, tracks, duration, name
 *   show   [--json] PLAYLIST                 its tracks in order (--json: the API's PlaylistDetail)
 *   create NAME TRACK…                       a new playlist of tracks (paths in the library or ids)
 *   export [-o FILE] [--relative] PLAYLIST   extended M3U8 to FILE (default: standard output); --relative
 *                                            writes paths relative to FILE's folder
 *   import [--name NAME] [--json] FILE       a new playlist from an M3U/M3U8 file (UTF-8 or Latin-1;
 *                                            relative entries resolved against FILE's folder); entries
 *                                            not in the library are listed on stderr
 *   delete PLAYLIST
 * Exit 0 on success, 1 for an unknown playlist or track or an unreadable/unwritable file, 2 for bad arguments.
 */
import { readFileSync } from 'node:fs'
import { basename, dirname, extname, resolve } from 'node:path'
import type { PlaylistSummary } from '../../shared/api'
import { decodeM3u } from '../core/m3u'
import type { Core } from '../core/service'
import { EXIT, parseCommand, UsageError } from './command'
import { pad, resolveTrack, withCore, writeTextFile } from './library-command'
import { jsonLine, safe } from './terminal'

const PLAYLIST_USAGE = `usage: soundprint playlist <action> [--db PATH] …

Saved playlists of the library. PLAYLIST is a playlist id or its name.
  list   [--json]                          list the playlists
  show   [--json] PLAYLIST                 list a playlist's tracks in order
  create NAME TRACK…                       save TRACKs (file paths in the library or ids) as a playlist
  export [-o FILE] [--relative] PLAYLIST   write it as extended M3U8 to FILE (default: standard output);
                                           --relative: paths relative to FILE's folder
  import [--name NAME] [--json] FILE       save an M3U/M3U8 file as a playlist; entries that are not in
                                           the library are reported
  delete PLAYLIST                          delete a playlist (its tracks stay in the library)
  --db PATH                                library database (default: the desktop app's; SOUNDPRINT_DB overrides)
`

const ACTIONS = ['list', 'show', 'create', 'export', 'import', 'delete'] as const
type Action = (typeof ACTIONS)[number]

/** Positional arguments each action takes: [min, max]. */
const ARITY: Record<Action, [number, number]> = {
  list: [0, 0],
  show: [1, 1],
  create: [1, Number.POSITIVE_INFINITY],
  export: [1, 1],
  import: [1, 1],
  delete: [1, 1],
}

const minutes = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`

/** The playlist PLAYLIST names: an id, else a unique name (case-insensitive). */
async function resolvePlaylist(core: Core, ref: string): Promise<PlaylistSummary> {
  const all = await core.api['playlists.list']({})
  if (/^\d+$/.test(ref)) {
    const byId = all.find((p) => p.id === Number(ref))
    if (byId) return byId
  }
  const byName = all.filter((p) => p.name.toLowerCase() === ref.toLowerCase())
  if (byName.length === 1) return byName[0]!
  if (byName.length > 1)
    throw new Error(
      `${byName.length} playlists are called '${ref}' (ids ${byName.map((p) => p.id).join(', ')}); give an id`,
    )
  throw new Error(`no playlist '${ref}' (see \`soundprint playlist list\`)`)
}

const SPEC = {
  name: 'playlist',
  usage: PLAYLIST_USAGE,
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    relative: { type: 'boolean' },
    name: { type: 'string' },
  },
} as const

const isAction = (a: string | undefined): a is Action => (ACTIONS as readonly (string | undefined)[]).includes(a)

export async function playlist(argv: string[]): Promise<number> {
  // The action comes first: `playlist --help` and `playlist show --help` both print the usage.
  const [actionArg, ...rest] = argv
  const parsed = parseCommand(SPEC, isAction(actionArg) ? rest : argv, ({ values, positionals }) => {
    if (!isAction(actionArg)) throw new UsageError(actionArg ? `unknown action '${actionArg}'` : 'no action given')
    const [min, max] = ARITY[actionArg]
    if (positionals.length < min || positionals.length > max)
      throw new UsageError(
        `${actionArg}: expected ${min === max ? min : `at least ${min}`} argument(s), got ${positionals.length}`,
      )
    if (values.relative && !values.output) throw new UsageError('export: --relative needs -o FILE')
    return { action: actionArg }
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals, action } = parsed

  return withCore('playlist', values.db, async (core) => {
    const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`)
    switch (action) {
      case 'list': {
        const all = await core.api['playlists.list']({})
        if (values.json) out(jsonLine(all))
        else if (all.length === 0) out('no playlists yet')
        else
          out(
            [
              `  id  tracks   length  name`,
              ...all.map(
                (p) =>
                  `${String(p.id).padStart(4)}  ${String(p.trackCount).padStart(6)}  ${minutes(p.durationSec).padStart(7)}  ${safe(p.name)}`,
              ),
            ].join('\n'),
          )
        return EXIT.ok
      }
      case 'show': {
        const p = await core.api['playlists.get']({ id: (await resolvePlaylist(core, positionals[0]!)).id })
        if (values.json) out(jsonLine(p))
        else
          out(
            [
              `${safe(p.name)}  (id ${p.id}, ${p.trackCount} tracks, ${minutes(p.durationSec)})`,
              ...p.tracks.map((t, i) => {
                const who = safe(t.artist ? `${t.title} — ${t.artist}` : t.title)
                return `${String(i + 1).padStart(4)}  ${pad(who, 50)}  ${String(t.id).padStart(5)}  ${t.state === 'missing' ? '(missing) ' : ''}${safe(t.path)}`
              }),
            ].join('\n'),
          )
        return EXIT.ok
      }
      case 'create': {
        const [name, ...trackArgs] = positionals as [string, ...string[]]
        const ids: number[] = []
        for (const t of trackArgs) ids.push(await resolveTrack(core, t))
        const p = await core.api['playlists.create']({ name, trackIds: ids })
        out(values.json ? jsonLine(p) : `created playlist ${p.id} '${safe(p.name)}' with ${p.trackCount} tracks`)
        return EXIT.ok
      }
      case 'export': {
        const p = await resolvePlaylist(core, positionals[0]!)
        const file = values.output === undefined ? undefined : resolve(values.output)
        const res = await core.api['playlists.export']({
          id: p.id,
          relativeTo: file && values.relative ? dirname(file) : undefined,
        })
        if (file) {
          writeTextFile(file, res.m3u)
          process.stderr.write(`wrote ${p.trackCount} tracks of '${safe(p.name)}' to ${safe(file)}\n`)
        } else process.stdout.write(res.m3u)
        return EXIT.ok
      }
      case 'import': {
        const file = resolve(positionals[0]!)
        let bytes: Buffer
        try {
          bytes = readFileSync(file)
        } catch (err) {
          throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
        }
        const name = values.name ?? basename(file, extname(file))
        const res = await core.api['playlists.import']({ m3u: decodeM3u(bytes), name, baseDir: dirname(file) })
        if (values.json) out(jsonLine(res))
        else
          out(
            `imported playlist ${res.playlist.id} '${safe(res.playlist.name)}' with ${res.playlist.trackCount} tracks`,
          )
        if (res.missing.length > 0 && !values.json)
          process.stderr.write(
            `${res.missing.length} entr${res.missing.length === 1 ? 'y is' : 'ies are'} not in the library:\n${res.missing.map((m) => `  ${safe(m)}\n`).join('')}`,
          )
        return EXIT.ok
      }
      case 'delete': {
        const p = await resolvePlaylist(core, positionals[0]!)
        await core.api['playlists.delete']({ id: p.id })
        out(`deleted playlist ${p.id} '${safe(p.name)}'`)
        return EXIT.ok
      }
    }
  })
}
