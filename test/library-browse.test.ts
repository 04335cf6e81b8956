/**
 * Browsing the library (issue #11): natural, locale-aware sorts; full-text search with prefixes and non-ASCII
 * text; albums, artists, genres and the folder tree; ambiguous untagged titles; untrustworthy tempos sorting
 * last. A real SQLite library file, filled through the library's own discover → tag → result path.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browse } from '../src/main/core/browse'
import { Library } from '../src/main/core/library'
import { ftsQuery } from '../src/main/core/search'
import type { FileTags } from '../src/main/core/tags'
import { naturalKey } from '../src/main/core/track-keys'
import { TEMPO_TRUST_MIN, type TrackSummary } from '../src/shared/api'
import { DIMENSION_KEYS, type Fingerprint } from '../src/shared/dimensions'
import { makeTempDir } from './helpers/audio'
import { fileTags } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-browse-')
const ROOT = '/music'
let lib: Library
let browse: Browse

type Tags = Partial<FileTags> & { stability?: number; tempo?: number }

function add(rel: string, tags: Tags | null): number {
  const path = join(ROOT, rel)
  const root = lib.rootByPath(ROOT)!
  lib.transaction(() => lib.discover(root.id, { path, size: 1000, mtimeMs: 1 }, lib.nextGeneration()))
  const id = lib.trackIdByPath(path)!
  const full: FileTags | null = tags && fileTags(tags)
  lib.transaction(() => lib.settleTagged(id, full, null))
  if (tags?.tempo !== undefined) {
    lib.prioritize(id)
    const claimed = lib.claimNext()!
    expect(claimed.id).toBe(id)
    const fingerprint = Object.fromEntries(DIMENSION_KEYS.map((k) => [k, 0.5])) as Fingerprint
    fingerprint.tempo_bpm = tags.tempo
    fingerprint.rhythm_stability = tags.stability ?? 0.9
    lib.saveResult(
      id,
      {
        fingerprint,
        durationSec: 100,
        sampleRate: 44100,
        channels: 2,
        codec: 'flac',
        analysisVersion: 999,
        analysisMs: 1,
        silent: false,
      },
      null,
    )
  }
  return id
}

const titles = (rows: TrackSummary[]) => rows.map((r) => r.title)

beforeAll(() => {
  lib = Library.open(join(tmp.dir, 'library.db'))
  browse = new Browse(lib)
  lib.addRoot(ROOT)
  const album = (artist: string, name: string, year: number, genre: string) => ({
    artist,
    albumArtist: artist,
    album: name,
    year,
    genre,
  })
  const a = album('The Beatles', 'Abbey Road', 1969, 'Rock')
  add('Beatles/Abbey Road/track11.flac', { ...a, title: 'track11', trackNo: 11 })
  add('Beatles/Abbey Road/track2.flac', { ...a, title: 'track2', trackNo: 2 })
  add('Beatles/Abbey Road/track1.flac', { ...a, title: 'track1', trackNo: 1, discNo: 2 })
  const b = album('Beyoncé', 'Lemonade', 2016, 'R&B')
  add('Beyonce/Lemonade/01.flac', { ...b, title: 'Élan', trackNo: 1, tempo: 120, stability: 0.8 })
  add('Beyonce/Lemonade/02.flac', { ...b, title: 'elan vital', trackNo: 2, tempo: 90, stability: 0.01 })
  add('Beyonce/Lemonade/03.flac', { ...b, title: 'Zebra', trackNo: 3, tempo: 150, stability: 0.5 })
  // Same album title, other album artist: another album.
  add('Other/Abbey Road/1.flac', { ...album('Cover Band', 'abbey road', 2001, 'rock'), title: 'Come Together' })
  add('Tokyo/東京タワー.flac', { title: '東京タワー', artist: '椎名林檎', genre: 'J-Pop' })
  // Untagged files named alike in three folders.
  add('loose/a/song.ogg', null)
  add('loose/b/song.ogg', null)
  add('loose/b/deeper/song.ogg', null)
})

afterAll(() => {
  lib.close()
  tmp.cleanup()
})

describe('natural sort keys', () => {
  it('order numbers by value, ignore case and accents, put numbers before letters', () => {
    const words = ['track11', 'Track2', 'track1', 'Élan', 'elan 10', 'elan 9', 'zebra', '007', '7a', 'ångström']
    const sorted = [...words].sort((x, y) => (naturalKey(x)! < naturalKey(y)! ? -1 : 1))
    expect(sorted).toEqual([
      '007',
      '7a',
      'ångström',
      'Élan',
      'elan 9',
      'elan 10',
      'track1',
      'Track2',
      'track11',
      'zebra',
    ])
    expect(naturalKey('  ')).toBeNull()
  })
})

describe('tracks.query', () => {
  it('sorts titles naturally and falls back to the file name', () => {
    const all = titles(lib.query({ sort: 'title', limit: 100 }).rows)
    expect(all.indexOf('track2')).toBeLessThan(all.indexOf('track11'))
    expect(all.indexOf('track1')).toBeLessThan(all.indexOf('track2'))
    expect(all.indexOf('Élan')).toBeLessThan(all.indexOf('elan vital'))
    expect(all.filter((t) => t === 'song')).toHaveLength(3)
    const desc = titles(lib.query({ sort: 'title', desc: true }).rows)
    expect(desc.indexOf('track11')).toBeLessThan(desc.indexOf('track2'))
  })

  it('marks titles that look alike and gives their folder', () => {
    const songs = lib.query({ filter: 'song' }).rows
    expect(songs).toHaveLength(3)
    for (const s of songs) expect(s.ambiguous).toBe(true)
    expect(songs.map((s) => s.folder).sort()).toEqual(['a', 'b', 'deeper'])
    const zebra = lib.query({ filter: 'zebra' }).rows[0]!
    expect(zebra.ambiguous).toBe(false)
    expect(zebra).toMatchObject({ albumArtist: 'Beyoncé', trackNo: 3, year: 2016, genre: 'R&B', folder: 'Lemonade' })
  })

  it('searches every field by word prefix, case and accents ignored', () => {
    expect(lib.query({ filter: 'beat' }).total).toBe(3) // artist
    expect(lib.query({ filter: 'BEYONCE lemon' }).total).toBe(3) // artist without its accent + album
    expect(lib.query({ filter: 'abbey' }).total).toBe(4) // two albums
    expect(lib.query({ filter: 'r&b' }).total).toBe(3) // genre with punctuation
    expect(lib.query({ filter: 'deeper' }).total).toBe(1) // a folder of the path
    expect(lib.query({ filter: '東京' }).total).toBe(1) // CJK prefix
    expect(lib.query({ filter: '椎名' }).total).toBe(1)
    expect(lib.query({ filter: 'eat' }).total).toBe(0) // a prefix, not a substring
    expect(lib.query({ filter: '"OR' }).total).toBe(0) // typed quotes and operators are text
    expect(ftsQuery('a "b')).toBe('"a"* """b"*')
    expect(ftsQuery(' -- ')).toBeNull()
  })

  it('sorts an untrustworthy tempo after every trusted one, in both directions', () => {
    const asc = lib.query({ sort: 'tempoBpm' }).rows
    expect(asc.slice(0, 3).map((r) => r.tempoBpm)).toEqual([120, 150, 90])
    expect(asc[2]!.rhythmStability).toBeLessThanOrEqual(TEMPO_TRUST_MIN)
    expect(asc.slice(3).every((r) => r.tempoBpm === null)).toBe(true)
    const desc = lib.query({ sort: 'tempoBpm', desc: true }).rows
    expect(desc.slice(0, 3).map((r) => r.tempoBpm)).toEqual([150, 120, 90])
    // Paging across the boundary between the parts.
    expect(lib.query({ sort: 'tempoBpm', offset: 2, limit: 2 }).rows.map((r) => r.tempoBpm)).toEqual([90, null])
  })

  it('filters by album, artist, genre and folder', () => {
    const key = browse.queryAlbums({ filter: 'lemonade' }).rows[0]!.key
    expect(lib.query({ album: key }).total).toBe(3)
    expect(lib.query({ artist: 'beyonce' }).total).toBe(3)
    expect(lib.query({ genre: 'rock' }).total).toBe(4)
    expect(lib.query({ folder: '/music/loose/b' }).total).toBe(2)
    expect(lib.query({ folder: '/music/loose/b/' }).total).toBe(2)
    expect(lib.query({ folder: '/music/loose' }).total).toBe(3)
  })

  it('sorts by track and disc number, year, genre, album artist and date added', () => {
    const abbey = lib.query({ filter: 'beatles', sort: 'discNo' }).rows
    expect(titles(abbey)).toEqual(['track2', 'track11', 'track1'])
    expect(lib.query({ sort: 'year' }).rows[0]!.year).toBe(1969)
    expect(lib.query({ sort: 'genre' }).rows[0]!.genre).toBe('J-Pop')
    expect(lib.query({ sort: 'albumArtist' }).rows[0]!.albumArtist).toBe('Beyoncé')
    const added = lib.query({ sort: 'addedAt', desc: true }).rows
    expect(added[0]!.path).toBe('/music/loose/b/deeper/song.ogg')
    expect(lib.query({ sort: 'trackNo', limit: 1 }).rows[0]!.trackNo).toBe(1)
  })

  it('keeps sort keys and search in step with changed tags', () => {
    const id = lib.query({ filter: 'zebra' }).rows[0]!.id
    lib.db.prepare(`UPDATE tracks SET title = 'Aardvark 3' WHERE id = ?`).run(id)
    expect(lib.query({ filter: 'zebra' }).total).toBe(0)
    expect(lib.query({ filter: 'aardv' }).rows[0]!.id).toBe(id)
    expect(lib.query({ sort: 'title' }).rows[0]!.title).toBe('Aardvark 3')
    lib.db.prepare(`UPDATE tracks SET title = 'Zebra' WHERE id = ?`).run(id)
  })
})

describe('albums, artists, genres, folders', () => {
  it('groups albums by album artist and title, case-insensitively', () => {
    const { total, rows } = browse.queryAlbums({})
    expect(total).toBe(3)
    expect(rows.map((a) => [a.albumArtist, a.title])).toEqual([
      ['Beyoncé', 'Lemonade'],
      ['Cover Band', 'abbey road'],
      ['The Beatles', 'Abbey Road'],
    ])
    expect(rows[0]).toMatchObject({ trackCount: 3, year: 2016, genre: 'R&B', durationSec: 300 })
    expect(browse.queryAlbums({ sort: 'year' }).rows.map((a) => a.year)).toEqual([1969, 2001, 2016])
    expect(browse.queryAlbums({ sort: 'year', desc: true }).rows.map((a) => a.year)).toEqual([2016, 2001, 1969])
    expect(browse.queryAlbums({ sort: 'title' }).rows.map((a) => a.albumArtist)).toEqual([
      'Cover Band',
      'The Beatles',
      'Beyoncé',
    ])
    expect(browse.queryAlbums({ artist: 'the beatles' }).total).toBe(1)
    expect(browse.queryAlbums({ genre: 'ROCK' }).total).toBe(2)
    expect(browse.queryAlbums({ filter: 'come tog' }).rows.map((a) => a.albumArtist)).toEqual(['Cover Band'])
    expect(browse.queryAlbums({ limit: 1, offset: 2 }).rows.map((a) => a.title)).toEqual(['Abbey Road'])
  })

  it('gives an album with its tracks in disc and track order', () => {
    const key = browse.queryAlbums({ artist: 'The Beatles' }).rows[0]!.key
    const got = browse.album(key)!
    expect(got.album.trackCount).toBe(3)
    expect(titles(got.tracks)).toEqual(['track2', 'track11', 'track1'])
    expect(browse.album('0000000000000000')).toBeNull()
  })

  it('lists album artists and genres in natural order', () => {
    const artists = browse.queryArtists({}).rows
    expect(artists.map((a) => a.name)).toEqual(['Beyoncé', 'Cover Band', 'The Beatles', '椎名林檎'])
    expect(artists[0]).toMatchObject({ albumCount: 1, trackCount: 3 })
    expect(artists[3]).toMatchObject({ albumCount: 0, trackCount: 1 })
    expect(browse.queryArtists({ filter: 'beat' }).rows.map((a) => a.name)).toEqual(['The Beatles'])
    expect(browse.genres()).toEqual([
      { name: 'J-Pop', trackCount: 1, albumCount: 0 },
      { name: 'R&B', trackCount: 3, albumCount: 1 },
      { name: 'Rock', trackCount: 4, albumCount: 2 },
    ])
  })

  it('sees changes at once (the cached lists follow the database)', () => {
    add('Beyonce/Lemonade/04.flac', {
      title: 'Formation',
      artist: 'Beyoncé',
      albumArtist: 'Beyoncé',
      album: 'Lemonade',
      genre: 'R&B',
    })
    expect(browse.queryAlbums({ artist: 'Beyoncé' }).rows[0]!.trackCount).toBe(4)
    expect(browse.genres().find((g) => g.name === 'R&B')!.trackCount).toBe(4)
  })

  it('walks the folder tree from the roots, with recursive counts', () => {
    const roots = browse.folderChildren()
    expect(roots).toEqual([{ path: ROOT, name: 'music', trackCount: 12, hasChildren: true }])
    const top = browse.folderChildren(ROOT)
    expect(top.map((f) => f.name)).toEqual(['Beatles', 'Beyonce', 'loose', 'Other', 'Tokyo'])
    const loose = browse.folderChildren('/music/loose')
    expect(loose).toEqual([
      { path: '/music/loose/a', name: 'a', trackCount: 1, hasChildren: false },
      { path: '/music/loose/b', name: 'b', trackCount: 2, hasChildren: true },
    ])
    expect(browse.folderChildren('/music/loose/b/deeper')).toEqual([])
  })
})

describe('albums without an album-artist tag (run last: they add tracks)', () => {
  it('are one album per artist and title across folders, and one compilation per folder when artists differ', () => {
    const comp = (file: string, artist: string, title: string) =>
      add(`Compilations/Summer Hits/${file}`, { artist, album: 'Summer Hits', title })
    comp('01.flac', 'Alpha', 'One')
    comp('02.flac', 'Beta', 'Two')
    comp('03.flac', 'Gamma', 'Three')
    // The same title by one artist elsewhere: another album.
    add('Elsewhere/Summer Hits/01.flac', { artist: 'Delta', album: 'Summer Hits', title: 'Four' })
    // One artist's album in two folders (game/, menu/): one album.
    add('Solo/game/a.flac', { artist: 'Epsilon', album: 'Puzzles', title: 'A' })
    add('Solo/menu/b.flac', { artist: 'Epsilon', album: 'Puzzles', title: 'B' })
    const summer = browse.queryAlbums({ filter: 'summer hits' }).rows
    expect(summer.map((a) => [a.albumArtist, a.trackCount]).sort()).toEqual([
      ['Delta', 1],
      ['Various artists', 3],
    ])
    const various = summer.find((a) => a.albumArtist === 'Various artists')!
    expect(titles(browse.album(various.key)!.tracks)).toEqual(['One', 'Three', 'Two'])
    expect(browse.queryAlbums({ artist: 'epsilon' }).rows.map((a) => [a.title, a.trackCount])).toEqual([['Puzzles', 2]])
    // Each artist's albums include the compilation they appear on.
    expect(browse.queryAlbums({ artist: 'beta' }).rows.map((a) => a.key)).toEqual([various.key])
    // A fourth artist joining the compilation's folder later joins the compilation.
    comp('04.flac', 'Zeta', 'Zed')
    expect(browse.album(various.key)!.tracks).toHaveLength(4)
  })
})
