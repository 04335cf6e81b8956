/**
 * The library by album, artist, genre and folder (the browse views beside the track table).
 *
 * Albums group tracks by `album_key` (album artist — or artist — and album title, case and accents folded;
 * track-keys.ts); artists are album artists (or artists of tracks without one). The album, artist and genre
 * lists are each one grouped scan of an index, cached until the database changes (this connection's
 * `total_changes()` or, for other processes, `PRAGMA data_version`), then sorted, filtered and paged in memory:
 * a 100 000-track library has a few thousand albums. Every text order is the natural one (naturalKey).
 */
import { basename } from 'node:path'
import type {
  AlbumQuery,
  AlbumSortKey,
  AlbumSummary,
  ArtistSummary,
  FolderNode,
  GenreSummary,
  TrackSummary,
} from '../../shared/api'
import type { Db } from './db'
import { folderRange, type Library } from './library'
import { FTS_CONDITION, ftsQuery } from './search'
import { naturalKey } from './track-keys'

interface AlbumEntry extends AlbumSummary {
  sortArtist: string | null
  sortTitle: string
}

interface ArtistEntry extends ArtistSummary {
  sort: string
}

const MAX_PAGE = 1000

/** Ascending comparison of nullable values, nulls last. */
function cmp<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

const ALBUM_ORDER: Record<AlbumSortKey, (a: AlbumEntry, b: AlbumEntry) => number> = {
  albumArtist: (a, b) => cmp(a.sortArtist, b.sortArtist) || cmp(a.sortTitle, b.sortTitle),
  title: (a, b) => cmp(a.sortTitle, b.sortTitle) || cmp(a.sortArtist, b.sortArtist),
  year: (a, b) => cmp(a.year, b.year) || cmp(a.sortArtist, b.sortArtist) || cmp(a.sortTitle, b.sortTitle),
  addedAt: (a, b) => a.addedAt - b.addedAt,
}

const page = <T>(all: T[], offset?: number, limit?: number) => {
  const from = Math.max(0, Math.floor(offset ?? 0))
  const n = Math.min(MAX_PAGE, Math.max(0, Math.floor(limit ?? 100)))
  return { total: all.length, offset: from, rows: all.slice(from, from + n) }
}

const publicAlbum = ({ sortArtist: _a, sortTitle: _t, ...album }: AlbumEntry): AlbumSummary => album

export class Browse {
  private readonly db: Db
  private readonly lib: Library
  private readonly s: ReturnType<typeof prepare>
  private stamp = ''
  private albumsCache: { list: AlbumEntry[]; byKey: Map<string, AlbumEntry> } | null = null
  private artistsCache: ArtistEntry[] | null = null
  private genresCache: GenreSummary[] | null = null

  constructor(lib: Library) {
    this.lib = lib
    this.db = lib.db
    this.s = prepare(lib.db)
  }

  /** Brings the derived keys up to date and drops the cached lists when the database changed since. */
  private fresh(): void {
    this.lib.refreshKeys()
    const stamp = `${this.db.pragma('data_version', { simple: true })}:${(this.s.changes.get() as { n: number }).n}`
    if (stamp === this.stamp) return
    this.stamp = stamp
    this.albumsCache = null
    this.artistsCache = null
    this.genresCache = null
  }

  private albums(): { list: AlbumEntry[]; byKey: Map<string, AlbumEntry> } {
    this.fresh()
    if (!this.albumsCache) {
      const list = (this.s.albums.all() as AlbumRow[]).map(
        (r): AlbumEntry => ({
          key: r.key,
          title: r.title,
          albumArtist: r.album_artist,
          year: r.year,
          genre: r.genre,
          trackCount: r.track_count,
          durationSec: Math.round(r.duration_sec * 1000) / 1000,
          coverId: r.cover_id,
          addedAt: r.added_at,
          sortArtist: r.sort_artist,
          sortTitle: r.sort_title ?? '',
        }),
      )
      this.albumsCache = { list, byKey: new Map(list.map((a) => [a.key, a])) }
    }
    return this.albumsCache
  }

  queryAlbums(q: AlbumQuery): { total: number; offset: number; rows: AlbumSummary[] } {
    let list = this.albums().list
    const fts = ftsQuery(q.filter)
    if (fts !== null) {
      const keys = new Set((this.s.albumKeysMatching.all({ fts }) as { k: string }[]).map((r) => r.k))
      list = list.filter((a) => keys.has(a.key))
    }
    // An artist's albums: those with a track by them (a compilation they appear on included).
    const artist = naturalKey(q.artist)
    if (artist !== null) {
      const keys = new Set((this.s.albumKeysOfArtist.all(artist) as { k: string }[]).map((r) => r.k))
      list = list.filter((a) => keys.has(a.key))
    }
    const genre = naturalKey(q.genre)
    if (genre !== null) {
      const keys = new Set((this.s.albumKeysOfGenre.all(genre) as { k: string }[]).map((r) => r.k))
      list = list.filter((a) => keys.has(a.key))
    }
    const order = ALBUM_ORDER[q.sort ?? 'albumArtist']
    const sorted = [...list].sort(q.desc ? (a, b) => -order(a, b) || cmp(a.key, b.key) : order)
    // Descending keeps albums without the value (no artist, no year) last.
    if (q.desc && (q.sort === 'year' || q.sort === undefined || q.sort === 'albumArtist')) {
      const field = q.sort === 'year' ? 'year' : 'sortArtist'
      sorted.sort((a, b) => Number(a[field] === null) - Number(b[field] === null))
    }
    const p = page(sorted, q.offset, q.limit)
    return { ...p, rows: p.rows.map(publicAlbum) }
  }

  album(key: string): { album: AlbumSummary; tracks: TrackSummary[] } | null {
    const entry = this.albums().byKey.get(key)
    if (!entry) return null
    const tracks = this.lib.query({ album: key, sort: 'discNo', limit: MAX_PAGE }).rows
    return { album: publicAlbum(entry), tracks }
  }

  queryArtists(q: { filter?: string; offset?: number; limit?: number }) {
    this.fresh()
    this.artistsCache ??= (this.s.artists.all() as ArtistRow[]).map((r) => ({
      name: r.name,
      albumCount: r.album_count,
      trackCount: r.track_count,
      coverId: r.cover_id,
      sort: r.sort,
    }))
    const needle = naturalKey(q.filter)
    const list = needle === null ? this.artistsCache : this.artistsCache.filter((a) => a.sort.includes(needle))
    const p = page(list, q.offset, q.limit)
    return { ...p, rows: p.rows.map(({ sort: _s, ...a }): ArtistSummary => a) }
  }

  genres(): GenreSummary[] {
    this.fresh()
    this.genresCache ??= (this.s.genres.all() as GenreRow[]).map((r) => ({
      name: r.name,
      trackCount: r.track_count,
      albumCount: r.album_count,
    }))
    return this.genresCache
  }

  /** The folders directly under `path` that hold tracks (recursively), in natural order; the roots without a path. */
  folderChildren(path?: string): FolderNode[] {
    this.lib.refreshKeys()
    if (path === undefined) {
      return this.lib.roots().map((root) => {
        const { count, children } = this.dirSummary(root.path)
        return { path: root.path, name: basename(root.path) || root.path, trackCount: count, hasChildren: children > 0 }
      })
    }
    const { folderLo } = folderRange(path)
    const nodes = new Map<string, { count: number; deeper: boolean }>()
    for (const { dir, n } of this.s.dirsUnder.all(folderRange(path)) as { dir: string; n: number }[]) {
      const rest = dir.slice(folderLo.length)
      const cut = rest.search(/[\\/]/)
      const name = cut < 0 ? rest : rest.slice(0, cut)
      const node = nodes.get(name) ?? { count: 0, deeper: false }
      node.count += n
      if (cut >= 0) node.deeper = true
      nodes.set(name, node)
    }
    return [...nodes.entries()]
      .map(([name, { count, deeper }]) => ({ path: folderLo + name, name, trackCount: count, hasChildren: deeper }))
      .sort((a, b) => cmp(naturalKey(a.name) ?? '', naturalKey(b.name) ?? ''))
  }

  /** Tracks in `folder` and below, and how many of its sub-folders hold tracks. */
  private dirSummary(folder: string): { count: number; children: number } {
    const here = (this.s.tracksInDir.get(folder) as { n: number }).n
    const below = this.s.countUnder.get(folderRange(folder)) as { n: number; dirs: number }
    return { count: here + below.n, children: below.dirs }
  }
}

interface AlbumRow {
  key: string
  title: string
  album_artist: string | null
  year: number | null
  genre: string | null
  track_count: number
  duration_sec: number
  cover_id: string | null
  added_at: number
  sort_artist: string | null
  sort_title: string | null
}

interface ArtistRow {
  name: string
  sort: string
  album_count: number
  track_count: number
  cover_id: string | null
}

interface GenreRow {
  name: string
  track_count: number
  album_count: number
}

/** The album artist shown for an album whose tracks name several artists and no album artist. */
export const VARIOUS_ARTISTS = 'Various artists'

function prepare(db: Db) {
  return {
    changes: db.prepare('SELECT total_changes() AS n'),
    albums: db.prepare(
      `SELECT album_key AS key, min(album) AS title,
         CASE WHEN count(DISTINCT sort_album_artist) > 1 THEN '${VARIOUS_ARTISTS}'
              ELSE min(coalesce(album_artist, artist)) END AS album_artist,
         max(year) AS year, min(genre) AS genre, count(*) AS track_count, total(duration_sec) AS duration_sec,
         min(cover_id) AS cover_id, min(added_at) AS added_at,
         CASE WHEN count(DISTINCT sort_album_artist) > 1 THEN '${naturalKey(VARIOUS_ARTISTS)}'
              ELSE min(sort_album_artist) END AS sort_artist,
         min(sort_album) AS sort_title
       FROM tracks WHERE album_key IS NOT NULL GROUP BY album_key`,
    ),
    albumKeysMatching: db.prepare(
      `SELECT DISTINCT t.album_key AS k FROM tracks t WHERE t.album_key IS NOT NULL AND ${FTS_CONDITION}`,
    ),
    albumKeysOfArtist: db.prepare(
      'SELECT DISTINCT album_key AS k FROM tracks WHERE sort_album_artist = ? AND album_key IS NOT NULL',
    ),
    albumKeysOfGenre: db.prepare(
      'SELECT DISTINCT album_key AS k FROM tracks WHERE sort_genre = ? AND album_key IS NOT NULL',
    ),
    artists: db.prepare(
      `SELECT min(coalesce(album_artist, artist)) AS name, sort_album_artist AS sort,
         count(DISTINCT album_key) AS album_count, count(*) AS track_count, min(cover_id) AS cover_id
       FROM tracks WHERE sort_album_artist IS NOT NULL GROUP BY sort_album_artist ORDER BY sort_album_artist`,
    ),
    genres: db.prepare(
      `SELECT min(genre) AS name, count(*) AS track_count, count(DISTINCT album_key) AS album_count
       FROM tracks WHERE sort_genre IS NOT NULL GROUP BY sort_genre ORDER BY sort_genre`,
    ),
    dirsUnder: db.prepare(
      'SELECT dir, count(*) AS n FROM tracks WHERE dir > @folderLo AND dir < @folderHi GROUP BY dir',
    ),
    tracksInDir: db.prepare('SELECT count(*) AS n FROM tracks WHERE dir = ?'),
    countUnder: db.prepare(
      'SELECT count(*) AS n, count(DISTINCT dir) AS dirs FROM tracks WHERE dir > @folderLo AND dir < @folderHi',
    ),
  }
}
