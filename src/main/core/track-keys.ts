/**
 * Derived columns of a track that SQLite cannot compute by itself (migration 3):
 * - natural, locale-aware sort keys (`naturalKey`): compared as plain strings (SQLite's BINARY collation, so
 *   indexes work in every connection), they order like `Intl.Collator(…, { numeric: true, sensitivity: 'base' })`
 *   for Latin text: "track2" < "track11", "Élan" beside "elan", case ignored;
 * - the album key: a stable id of (album artist, album title) — the same album whatever the case or accents,
 *   wherever its files are — except for compilations: tracks of one folder with one album title, no album-artist
 *   tag and several artists are one album (`compilationKey`);
 * - the folder holding the file.
 * Triggers mark a row stale (sort_title NULL) when a source column changes; `refreshTrackKeys` recomputes the
 * stale rows. The library calls it before it reads, so rows written by any connection (a bench's raw inserts
 * included) are sorted right.
 */
import { createHash } from 'node:crypto'
import { dirname } from 'node:path'
import type { Db } from './db'

/** Letters that Unicode decomposition does not reduce to a base letter. */
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
}
const FOLD_RE = /[ßæœøđðłþı]/g
const MARKS_RE = /\p{M}+/gu
const DIGITS_RE = /\d+/g
const SPACES_RE = /\s+/g
/** Digit runs longer than this compare as text beyond it (no real title has such numbers). */
const MAX_DIGITS = 40

/**
 * A string whose plain (code point) order is the natural order of `text`: case and accents folded, and every
 * run of digits prefixed by its length (leading zeros dropped), so numbers compare by value and before letters.
 * Null for null or blank text.
 */
export function naturalKey(text: string | null | undefined): string | null {
  if (text == null) return null
  let s = text.normalize('NFKD').replace(MARKS_RE, '').toLowerCase()
  s = s.replace(FOLD_RE, (c) => FOLDS[c] ?? c)
  s = s.replace(SPACES_RE, ' ').trim()
  if (s === '') return null
  return s.replace(DIGITS_RE, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '').slice(0, MAX_DIGITS)
    return String.fromCharCode(0x30 + digits.length) + digits
  })
}

/** The album artist shown for a track: the album-artist tag, else the artist. */
const albumArtistOf = (albumArtist: string | null, artist: string | null): string | null => albumArtist ?? artist

/** Stable id of an album (16 hex digits) by its album artist (or artist) and title; null without an album tag. */
export function albumKey(albumArtist: string | null, album: string | null): string | null {
  const title = naturalKey(album)
  if (title === null) return null
  return hashKey(`${naturalKey(albumArtist) ?? ''}\u001f${title}`)
}

/**
 * Stable id of a compilation: tracks in one folder with the same album title and no album-artist tag
 * that name different artists are one album (by folder and title), not one per artist.
 */
export function compilationKey(dir: string, sortAlbum: string): string {
  return hashKey(`folder:${dir}\u001f${sortAlbum}`)
}

const hashKey = (text: string): string => createHash('sha1').update(text).digest('hex').slice(0, 16)

interface SourceRow {
  id: number
  title: string | null
  name: string
  artist: string | null
  album: string | null
  album_artist: string | null
  genre: string | null
  path: string
}

const BATCH = 2000
const prepare = (db: Db) => ({
  stale: db.prepare<[], SourceRow>(
    `SELECT id, title, name, artist, album, album_artist, genre, path FROM tracks
     WHERE sort_title IS NULL ORDER BY id LIMIT ${BATCH}`,
  ),
  update: db.prepare<[Record<string, string | number | null>]>(
    `UPDATE tracks SET sort_title = @sort_title, sort_artist = @sort_artist, sort_album = @sort_album,
       sort_album_artist = @sort_album_artist, sort_genre = @sort_genre, album_key = @album_key, dir = @dir
     WHERE id = @id`,
  ),
})
const prepareCompilations = (db: Db) => ({
  groups: db.prepare<[string], { sort_album: string }>(
    `SELECT sort_album FROM tracks WHERE dir = ? AND album_artist IS NULL AND sort_album IS NOT NULL
     GROUP BY sort_album HAVING count(DISTINCT coalesce(sort_artist, '')) > 1`,
  ),
  setKey: db.prepare<[string, string, string]>(
    'UPDATE tracks SET album_key = ? WHERE dir = ? AND sort_album = ? AND album_artist IS NULL',
  ),
})
const prepared = new WeakMap<Db, ReturnType<typeof prepare> & ReturnType<typeof prepareCompilations>>()

/**
 * Recomputes the derived columns of every stale row; returns how many. Cheap when nothing is stale (one
 * lookup in a partial index). A read-only connection cannot write: it leaves them and returns 0.
 */
export function refreshTrackKeys(db: Db): number {
  if (db.readonly) return 0
  let s = prepared.get(db)
  if (!s) {
    s = { ...prepare(db), ...prepareCompilations(db) }
    prepared.set(db, s)
  }
  const { stale, update, groups, setKey } = s
  let total = 0
  for (;;) {
    const rows = stale.all()
    if (rows.length === 0) return total
    db.transaction(() => {
      /** Folders holding a refreshed track with an album tag but no album artist: compilations are found there. */
      const compilationDirs = new Set<string>()
      for (const r of rows) {
        if (r.album != null && r.album_artist == null) compilationDirs.add(dirname(r.path))
        const albumArtist = albumArtistOf(r.album_artist, r.artist)
        update.run({
          id: r.id,
          // Never NULL (that marks the row stale): a blank title sorts first.
          sort_title: naturalKey(r.title ?? r.name) ?? '',
          sort_artist: naturalKey(r.artist),
          sort_album: naturalKey(r.album),
          sort_album_artist: naturalKey(albumArtist),
          sort_genre: naturalKey(r.genre),
          album_key: albumKey(albumArtist, r.album),
          dir: dirname(r.path),
        })
      }
      for (const dir of compilationDirs)
        for (const g of groups.all(dir)) setKey.run(compilationKey(dir, g.sort_album), dir, g.sort_album)
    }).immediate()
    total += rows.length
  }
}
