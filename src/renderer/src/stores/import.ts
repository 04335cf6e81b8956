/**
 * Import progress and library folders. Progress arrives as `import.progress` events; the store keeps
 * the latest message and what the bar may show (ProgressTracker: never backwards, never past 1). If
 * events go quiet while work is under way (a dropped connection), it asks import.status itself.
 */
import { create } from 'zustand'
import type { ImportProgress, LibraryRoot } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import { isActivePhase, ProgressTracker, type ProgressView } from '../lib/progress'

const POLL_AFTER_SILENCE_MS = 4000

interface ImportState {
  progress: ImportProgress | null
  view: ProgressView | null
  roots: LibraryRoot[]
  rootsLoaded: boolean
  /** A user action in flight (adding a folder, pausing…). */
  busy: string | null
  error: string | null
  /** The user closed the panel of a finished import. */
  dismissed: boolean
  receive(p: ImportProgress): void
  loadStatus(): Promise<void>
  loadRoots(): Promise<void>
  addFolder(path: string): Promise<boolean>
  pause(): Promise<void>
  resume(): Promise<void>
  cancel(): Promise<void>
  rescan(id?: number): Promise<void>
  removeRoot(id: number): Promise<void>
  dismiss(): void
  clearError(): void
}

const tracker = new ProgressTracker()
let lastEventAt = 0
let pollTimer: ReturnType<typeof setInterval> | null = null

async function act(name: string, fn: () => Promise<unknown>): Promise<boolean> {
  useImport.setState({ busy: name, error: null })
  try {
    await fn()
    useImport.setState({ busy: null })
    return true
  } catch (err) {
    useImport.setState({ busy: null, error: errorMessage(err) })
    return false
  }
}

export const useImport = create<ImportState>()((set, get) => ({
  progress: null,
  view: null,
  roots: [],
  rootsLoaded: false,
  busy: null,
  error: null,
  dismissed: false,

  receive(p) {
    lastEventAt = Date.now()
    const prev = get().progress
    const view = tracker.update(p)
    const startedNow = isActivePhase(p.phase) && (!prev || !isActivePhase(prev.phase))
    set({ progress: p, view, ...(startedNow ? { dismissed: false } : {}) })
    // Folder track counts change as an import ends.
    if (prev && isActivePhase(prev.phase) && !isActivePhase(p.phase)) void get().loadRoots()
  },

  async loadStatus() {
    try {
      get().receive(await getApi().call('import.status', {}))
    } catch (err) {
      set({ error: errorMessage(err) })
    }
  },

  async loadRoots() {
    try {
      set({ roots: await getApi().call('library.roots', {}), rootsLoaded: true })
    } catch (err) {
      set({ error: errorMessage(err), rootsLoaded: true })
    }
  },

  async addFolder(path) {
    const trimmed = path.trim()
    if (!trimmed) {
      set({ error: 'Type the path of a music folder first.' })
      return false
    }
    const ok = await act('add', async () => {
      const root = await getApi().call('library.addRoot', { path: trimmed })
      set((s) => ({ roots: [...s.roots.filter((r) => r.id !== root.id), root], dismissed: false }))
    })
    if (ok) void get().loadStatus()
    return ok
  },

  pause: () => act('pause', () => getApi().call('import.pause', {})).then(() => get().loadStatus()),
  resume: () => act('resume', () => getApi().call('import.resume', {})).then(() => get().loadStatus()),
  cancel: () => act('cancel', () => getApi().call('import.cancel', {})).then(() => get().loadStatus()),
  rescan: (id) =>
    act('rescan', () => getApi().call('library.rescan', id == null ? {} : { id })).then(() => get().loadStatus()),
  removeRoot: (id) =>
    act('remove', async () => {
      await getApi().call('library.removeRoot', { id })
      set((s) => ({ roots: s.roots.filter((r) => r.id !== id) }))
    }).then(() => undefined),

  dismiss: () => set({ dismissed: true }),
  clearError: () => set({ error: null }),
}))

/** Fallback poll: while an import runs and no event came for a while, ask for the status. */
export function startImportWatch(): () => void {
  if (pollTimer) clearInterval(pollTimer)
  pollTimer = setInterval(() => {
    const p = useImport.getState().progress
    if (p && isActivePhase(p.phase) && Date.now() - lastEventAt > POLL_AFTER_SILENCE_MS) {
      void useImport.getState().loadStatus()
    }
  }, POLL_AFTER_SILENCE_MS)
  return () => {
    if (pollTimer) clearInterval(pollTimer)
    pollTimer = null
  }
}
