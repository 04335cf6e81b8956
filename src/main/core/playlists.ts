/**
 * Saved playlists (`playlists.*`), stored in the library database (migration 3: `playlists`,
 * `playlist_items`). A playlist is a name and an ordered list of track ids — ids, not paths, so a
 * rescan that re-links a moved or renamed file (same content hash, see `Library.settleTagged`) keeps
 * every playlist that holds it. A track may appear more than once; deleting a track (its library folder
 * removed) removes its items. Every write is one transaction. Export and import speak M3U (`m3u.ts`):
 * import resolves each entry to a library track by path and reports the entries it could not find.
 */
import { normalize } from 'node:path'
import type { PlaylistDetail, PlaylistSummary } from '../../shared/api'
import { CoreError } from './core-error'
import type { Library } from './library'
import { formatM3u, m3uFileName, oneLine, parseM3u, resolveM3uEntry } from './m3u'

interface PlaylistRow {
  id: number
  name: string
  created_at: number
  updated_at: number
  track_count: number
  duration_sec: number | null
}

const SUMMARY_SQL = `SELECT p.id, p.name, p.created_at, p.updated_at,
    (SELECT count(*) FROM playlist_items i WHERE i.playlist_id = p.id) AS track_count,
    (SELECT sum(coalesce(f.duration_sec, t.duration_sec)) FROM playlist_items i JOIN tracks t ON t.id = i.track_id
       LEFT JOIN fingerprints f ON f.track_id = t.id WHERE i.playlist_id = p.id) AS duration_sec
  FROM playlists p`

const toSummary = (r: PlaylistRow): PlaylistSummary => ({
  id: r.id,
  name: r.name,
  trackCount: r.track_count,
  durationSec: r.duration_sec ?? 0,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export class Playlists {
  private readonly s

  constructor(private readonly lib: Library) {
    const db = lib.db
    this.s = {
      list: db.prepare(`${SUMMARY_SQL} ORDER BY p.name COLLATE NOCASE, p.id`),
      byId: db.prepare(`${SUMMARY_SQL} WHERE p.id = ?`),
      items: db.prepare('SELECT track_id FROM playlist_items WHERE playlist_id = ? ORDER BY position'),
      insert: db.prepare('INSERT INTO playlists (name, created_at, updated_at) VALUES (?, ?, ?)'),
      rename: db.prepare('UPDATE playlists SET name = ?, updated_at = ? WHERE id = ?'),
      touch: db.prepare('UPDATE playlists SET updated_at = ? WHERE id = ?'),
      clear: db.prepare('DELETE FROM playlist_items WHERE playlist_id = ?'),
      addItem: db.prepare('INSERT INTO playlist_items (playlist_id, position, track_id) VALUES (?, ?, ?)'),
      remove: db.prepare('DELETE FROM playlists WHERE id = ?'),
      knownIds: db.prepare('SELECT id FROM tracks WHERE id IN (SELECT value FROM json_each(?))'),
    }
  }

  list(): PlaylistSummary[] {
    return (this.s.list.all() as PlaylistRow[]).map(toSummary)
  }

  summary(id: number): PlaylistSummary {
    const r = this.s.byId.get(id) as PlaylistRow | undefined
    if (!r) throw new CoreError('not_found', `no playlist with id ${id}`)
    return toSummary(r)
  }

  get(id: number): PlaylistDetail {
    const summary = this.summary(id)
    const ids = this.trackIds(id)
    const info = this.lib.summaries(ids)
    return { ...summary, tracks: ids.flatMap((t) => info.get(t) ?? []) }
  }

  trackIds(id: number): number[] {
    return (this.s.items.all(id) as { track_id: number }[]).map((r) => r.track_id)
  }

  create(name: string, trackIds: readonly number[]): PlaylistSummary {
    const clean = this.cleanName(name)
    const id = this.lib.transaction(() => {
      this.requireTracks(trackIds)
      const now = Date.now()
      const newId = Number(this.s.insert.run(clean, now, now).lastInsertRowid)
      this.writeItems(newId, trackIds)
      return newId
    })
    return this.summary(id)
  }

  rename(id: number, name: string): void {
    const clean = this.cleanName(name)
    if (this.s.rename.run(clean, Date.now(), id).changes === 0)
      throw new CoreError('not_found', `no playlist with id ${id}`)
  }

  setTracks(id: number, trackIds: readonly number[]): void {
    this.lib.transaction(() => {
      this.summary(id)
      this.requireTracks(trackIds)
      this.s.clear.run(id)
      this.writeItems(id, trackIds)
      this.s.touch.run(Date.now(), id)
    })
  }

  delete(id: number): void {
    if (this.s.remove.run(id).changes === 0) throw new CoreError('not_found', `no playlist with id ${id}`)
  }

  /** Extended M3U8 of the playlist; `relativeTo` (the playlist file's folder) writes relative paths. */
  export(id: number, relativeTo?: string): { fileName: string; m3u: string } {
    const p = this.get(id)
    return { fileName: m3uFileName(p.name), m3u: formatM3u(p.tracks, { relativeTo }) }
  }

  /**
   * A new playlist from M3U text: entries resolved to library tracks by path (`baseDir` for relative ones),
   * in order; `missing` lists the entries (as written) that are not in the library.
   */
  import(text: string, name: string, baseDir?: string): { playlist: PlaylistSummary; missing: string[] } {
    const ids: number[] = []
    const missing: string[] = []
    for (const entry of parseM3u(text)) {
      const path = resolveM3uEntry(entry, baseDir)
      const id = path === null ? null : this.trackIdOf(path)
      if (id === null) missing.push(entry)
      else ids.push(id)
    }
    return { playlist: this.create(name, ids), missing }
  }

  /** The library track at `path`, trying the path as given, normalised, and in both Unicode forms. */
  private trackIdOf(path: string): number | null {
    for (const p of new Set([path, normalize(path), path.normalize('NFC'), path.normalize('NFD')])) {
      const id = this.lib.trackIdByPath(p)
      if (id !== null) return id
    }
    return null
  }

  private cleanName(name: string): string {
    const clean = oneLine(name)
    if (!clean) throw new CoreError('invalid_request', 'a playlist needs a name')
    if (clean.length > 200) throw new CoreError('invalid_request', 'a playlist name has at most 200 characters')
    return clean
  }

  private requireTracks(trackIds: readonly number[]): void {
    const unique = [...new Set(trackIds)]
    if (unique.length === 0) return
    const known = new Set((this.s.knownIds.all(JSON.stringify(unique)) as { id: number }[]).map((r) => r.id))
    const unknown = unique.filter((id) => !known.has(id))
    if (unknown.length > 0)
      throw new CoreError(
        'not_found',
        `no track with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}`,
      )
  }

  private writeItems(id: number, trackIds: readonly number[]): void {
    for (const [position, trackId] of trackIds.entries()) this.s.addItem.run(id, position, trackId)
  }
}
