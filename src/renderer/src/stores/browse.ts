/**
 * The browse views' choices, remembered across sessions: how albums are sorted, and the search text of
 * the albums and artists views; and the views' reads of the library (albums, artists, genres, folders).
 */
import { create } from 'zustand'
import { ALBUM_SORT_KEYS, type AlbumQuery, type AlbumSortKey, type AlbumSummary } from '../../../shared/api'
import { getApi } from '../api'
import { playTracks } from '../lib/listen'
import { loadPref, savePref } from './storage'

const ALBUM_SORT_LABEL: Record<AlbumSortKey, string> = {
  albumArtist: 'Album artist',
  title: 'Title',
  year: 'Year',
  addedAt: 'Date added',
}
export const ALBUM_SORTS = ALBUM_SORT_KEYS.map((key) => ({ key, label: ALBUM_SORT_LABEL[key] }))

const isAlbumSort = (v: unknown): v is { sort: AlbumSortKey; desc: boolean } =>
  typeof v === 'object' &&
  v != null &&
  ALBUM_SORTS.some((s) => s.key === (v as { sort?: unknown }).sort) &&
  typeof (v as { desc?: unknown }).desc === 'boolean'

interface BrowseState {
  albumSort: AlbumSortKey
  albumDesc: boolean
  albumFilter: string
  artistFilter: string
  setAlbumSort(sort: AlbumSortKey): void
  setAlbumFilter(text: string): void
  setArtistFilter(text: string): void
}

const saved = loadPref('albumSort', { sort: 'albumArtist' as AlbumSortKey, desc: false }, isAlbumSort)

export const useBrowse = create<BrowseState>()((set, get) => ({
  albumSort: saved.sort,
  albumDesc: saved.desc,
  albumFilter: '',
  artistFilter: '',
  setAlbumSort(sort) {
    const { albumSort, albumDesc } = get()
    // Choosing the sort in effect again flips its direction; a new sort starts ascending, except
    // "date added", which starts with the newest.
    const next =
      albumSort === sort
        ? { albumSort: sort, albumDesc: !albumDesc }
        : { albumSort: sort, albumDesc: sort === 'addedAt' }
    set(next)
    savePref('albumSort', { sort: next.albumSort, desc: next.albumDesc })
  },
  setAlbumFilter: (albumFilter) => set({ albumFilter }),
  setArtistFilter: (artistFilter) => set({ artistFilter }),
}))

/** A page of albums matching `query`. */
export const fetchAlbums = (query: Omit<AlbumQuery, 'offset' | 'limit'>, offset: number, limit: number) =>
  getApi().call('albums.query', { ...query, offset, limit })

/** An album with its tracks in disc and track order. */
export const fetchAlbum = (key: string) => getApi().call('albums.get', { key })

/** A page of artists whose name matches `filter` ('' = all). */
export const fetchArtists = (filter: string, offset: number, limit: number) =>
  getApi().call('artists.query', { ...(filter ? { filter } : {}), offset, limit })

/** Every genre with its counts. */
export const fetchGenres = () => getApi().call('genres.query', {})

/** The subfolders of `parent` (undefined: the library folders). */
export const fetchFolderChildren = (parent: string | undefined) =>
  getApi().call('folders.children', parent ? { path: parent } : {})

/** Plays an album from its first track. */
export async function playAlbum(album: AlbumSummary): Promise<void> {
  const { tracks } = await fetchAlbum(album.key)
  playTracks(tracks, `Album: ${album.title}`)
}
