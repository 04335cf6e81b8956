/**
 * Saved playlists: the list (refreshed on `playlists.changed`), the open playlist, and the actions
 * that change them. Reorder / remove / add send the whole new track list (`playlists.setTracks`).
 * Export: the desktop app's save dialog (`saveFile`), or a downloaded file in the browser.
 */
import { create } from 'zustand'
import type { PlaylistDetail, PlaylistSummary } from '../../../shared/api'
import { errorMessage, getApi } from '../api'

interface PlaylistsState {
  list: PlaylistSummary[]
  loaded: boolean
  open: PlaylistDetail | null
  error: string | null
  /** The last import's report: what was imported and which entries are not in the library. */
  importReport: { name: string; count: number; missing: string[] } | null
  load(): Promise<void>
  show(id: number | null): Promise<void>
  create(name: string, trackIds: number[]): Promise<PlaylistSummary | null>
  append(id: number, trackIds: number[]): Promise<void>
  rename(id: number, name: string): Promise<void>
  setTracks(id: number, trackIds: number[]): Promise<void>
  remove(id: number): Promise<void>
  exportM3u(id: number): Promise<string | null>
  importM3u(text: string, name: string): Promise<void>
  clearReport(): void
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    const v = await fn()
    usePlaylists.setState({ error: null })
    return v
  } catch (err) {
    usePlaylists.setState({ error: errorMessage(err) })
    return null
  }
}

/** Offers `contents` as a file: the desktop save dialog, or a download in the browser. */
export async function saveTextFile(fileName: string, contents: string, mime = 'audio/x-mpegurl'): Promise<boolean> {
  const api = getApi()
  if (api.saveFile) return api.saveFile(fileName, contents)
  const url = URL.createObjectURL(new Blob([contents], { type: `${mime};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return true
}

export const usePlaylists = create<PlaylistsState>()((set, get) => ({
  list: [],
  loaded: false,
  open: null,
  error: null,
  importReport: null,

  async load() {
    const list = await guarded(() => getApi().call('playlists.list', {}))
    if (list) set({ list, loaded: true })
    const open = get().open
    if (open) await get().show(open.id)
  },
  async show(id) {
    if (id == null) {
      set({ open: null })
      return
    }
    const detail = await guarded(() => getApi().call('playlists.get', { id }))
    set({ open: detail })
  },
  async create(name, trackIds) {
    const p = await guarded(() => getApi().call('playlists.create', { name, trackIds }))
    await get().load()
    return p
  },
  async append(id, trackIds) {
    const d = await guarded(() => getApi().call('playlists.get', { id }))
    if (!d) return
    await get().setTracks(id, [...d.tracks.map((t) => t.id), ...trackIds])
  },
  async rename(id, name) {
    await guarded(() => getApi().call('playlists.rename', { id, name }))
    await get().load()
  },
  async setTracks(id, trackIds) {
    await guarded(() => getApi().call('playlists.setTracks', { id, trackIds }))
    await get().load()
  },
  async remove(id) {
    await guarded(() => getApi().call('playlists.delete', { id }))
    if (get().open?.id === id) set({ open: null })
    await get().load()
  },
  async exportM3u(id) {
    const r = await guarded(() => getApi().call('playlists.export', { id }))
    if (!r) return null
    await saveTextFile(r.fileName, r.m3u)
    return r.fileName
  },
  async importM3u(text, name) {
    const r = await guarded(() => getApi().call('playlists.import', { m3u: text, name }))
    if (!r) return
    set({ importReport: { name: r.playlist.name, count: r.playlist.trackCount, missing: r.missing } })
    await get().load()
    await get().show(r.playlist.id)
  },
  clearReport: () => set({ importReport: null }),
}))

/** Keeps the list fresh when playlists change anywhere (another window, the CLI through the server). */
export function startPlaylistsWatch(): () => void {
  return getApi().on('playlists.changed', () => {
    if (usePlaylists.getState().loaded) void usePlaylists.getState().load()
  })
}
