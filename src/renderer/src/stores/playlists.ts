/**
 * Saved playlists: the list (refreshed on `playlists.changed`), the open playlist, and the actions
 * that change them. Reorder / remove / add send the whole new track list (`playlists.setTracks`).
 * Export: the desktop app's save dialog (`exportPlaylist`), or a downloaded file in the browser.
 */
import { create } from 'zustand'
import type { PlaylistDetail, PlaylistSummary } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import { commonFolder } from '../lib/common-folder'
import { loadPref, savePref } from './storage'

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
  /**
   * Exports as M3U8 (the desktop save dialog, or a download); with `relative`, paths relative to the
   * chosen file's folder (desktop) or to the folder holding every track (`relativeTo`, browser).
   */
  /** Export with relative paths (remembered). */
  relativeExport: boolean
  setRelativeExport(on: boolean): void
  exportM3u(id: number, relative: boolean): Promise<{ fileName: string; relativeTo: string | null } | null>
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

/** The desktop app asks where an export goes (so relative paths can start exactly there). */
export const exportChoosesFolder = (): boolean => !!getApi().exportPlaylist

/** Offers `contents` as a file: the desktop save dialog, or a download in the browser. */
async function saveTextFile(fileName: string, contents: string, mime = 'audio/x-mpegurl'): Promise<boolean> {
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
  relativeExport: loadPref('export.relative', false, (v): v is boolean => typeof v === 'boolean'),
  setRelativeExport(on) {
    savePref('export.relative', on)
    set({ relativeExport: on })
  },
  async exportM3u(id, relative) {
    const api = getApi()
    // The desktop app knows where the file goes, so paths can be relative to it exactly.
    if (api.exportPlaylist) {
      const file = await guarded(() => api.exportPlaylist!(id, relative))
      return file ? { fileName: file, relativeTo: null } : null
    }
    // A download's folder is unknown: relative paths start at the folder holding all the tracks,
    // where the user is told to put the file.
    let relativeTo: string | undefined
    if (relative) {
      const d = await guarded(() => api.call('playlists.get', { id }))
      relativeTo = commonFolder(d?.tracks.map((t) => t.path) ?? []) ?? undefined
    }
    const r = await guarded(() => api.call('playlists.export', relativeTo ? { id, relativeTo } : { id }))
    if (!r) return null
    await saveTextFile(r.fileName, r.m3u)
    return { fileName: r.fileName, relativeTo: relativeTo ?? null }
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
