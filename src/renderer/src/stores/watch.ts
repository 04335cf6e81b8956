/**
 * Watched folders: the `watchFolders` setting and the server's watch status (`watch.status`, kept current
 * by the event of that name). Turning the setting on or off takes effect at once on the server.
 */
import { create } from 'zustand'
import type { WatchStatus } from '../../../shared/api'
import { errorMessage, getApi } from '../api'

interface WatchStoreState {
  /** The setting, null until loaded. */
  watchFolders: boolean | null
  status: WatchStatus | null
  busy: boolean
  error: string | null
  load(): Promise<void>
  setWatchFolders(on: boolean): Promise<void>
  receive(status: WatchStatus): void
}

export const useWatch = create<WatchStoreState>()((set, get) => ({
  watchFolders: null,
  status: null,
  busy: false,
  error: null,

  async load() {
    try {
      const [settings, status] = await Promise.all([
        getApi().call('settings.get', {}),
        getApi().call('watch.status', {}),
      ])
      set({ watchFolders: settings.watchFolders, status, error: null })
    } catch (err) {
      set({ error: errorMessage(err) })
    }
  },

  async setWatchFolders(on) {
    const before = get().watchFolders
    set({ watchFolders: on, busy: true, error: null })
    try {
      const settings = await getApi().call('settings.set', { watchFolders: on })
      set({ watchFolders: settings.watchFolders, busy: false })
      set({ status: await getApi().call('watch.status', {}) })
    } catch (err) {
      set({ watchFolders: before, busy: false, error: errorMessage(err) })
    }
  },

  receive(status) {
    set({ status })
  },
}))

/** What the folders' summary says about watching: null while unknown. */
export function watchSummary(s: Pick<WatchStoreState, 'watchFolders' | 'status'>): {
  text: string
  warn: boolean
} | null {
  if (s.watchFolders == null) return null
  if (!s.watchFolders) return { text: 'not watched', warn: false }
  const roots = s.status?.roots ?? []
  const offline = roots.filter((r) => r.state === 'offline').length
  if (offline > 0) return { text: `${offline} offline`, warn: true }
  if (roots.some((r) => r.problem)) return { text: 'watched, with problems', warn: true }
  return { text: 'watched', warn: false }
}
