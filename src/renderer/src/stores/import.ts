/**
 * Import progress and library folders. Progress arrives as `import.progress` events; the store keeps
 * the latest message and what the bar may show (ProgressTracker: never backwards, never past 1). If
 * events go quiet while work is under way (a dropped connection), it asks import.status itself.
 */
import { create } from 'zustand'
import type { ImportProgress, LibraryRoot } from '../../../shared/api'
import { errorCode, errorMessage, getApi } from '../api'
import { isActivePhase, ProgressTracker, type ProgressView } from '../lib/progress'
import { loadPref, savePref } from './storage'

const POLL_AFTER_SILENCE_MS = 4000

interface ImportState {
  progress: ImportProgress | null
  view: ProgressView | null
  roots: LibraryRoot[]
  rootsLoaded: boolean
  /** A user action in flight (adding a folder, pausing…). */
  busy: string | null
  error: string | null
  /** Something the user should know that is not a failure (e.g. the folder is already in the library). */
  notice: string | null
  /** The user closed the status of this finished import (remembered across reloads and sessions). */
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
  clearNotice(): void
}

const CLOSED_KEY = 'importClosed'

/** Identifies one finished import, so closing its status keeps it closed after a reload. */
export function finishedImportKey(p: ImportProgress): string {
  return [p.phase, p.found, p.analysed, p.failed, p.skipped, p.pending, Math.round(p.elapsedSec)].join('|')
}

const closedKey = (): string | null =>
  loadPref<string | null>(CLOSED_KEY, null, (v): v is string => typeof v === 'string')

const tracker = new ProgressTracker()
let lastEventAt = 0
let pollTimer: ReturnType<typeof setInterval> | null = null

/** Error codes that are news for the user rather than failures. */
const NOTICE_CODES = new Set(['already_in_library'])

async function act(name: string, fn: () => Promise<unknown>): Promise<boolean> {
  useImport.setState({ busy: name, error: null, notice: null })
  try {
    await fn()
    useImport.setState({ busy: null })
    return true
  } catch (err) {
    if (NOTICE_CODES.has(errorCode(err) ?? '')) useImport.setState({ busy: null, notice: errorMessage(err) })
    else useImport.setState({ busy: null, error: errorMessage(err) })
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
  notice: null,
  dismissed: false,

  receive(p) {
    lastEventAt = Date.now()
    const prev = get().progress
    const view = tracker.update(p)
    const active = isActivePhase(p.phase)
    const startedNow = active && (!prev || !isActivePhase(prev.phase))
    const dismissed = active ? (startedNow ? false : get().dismissed) : closedKey() === finishedImportKey(p)
    set({ progress: p, view, dismissed })
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

  dismiss() {
    const p = get().progress
    if (p && !isActivePhase(p.phase)) savePref(CLOSED_KEY, finishedImportKey(p))
    set({ dismissed: true })
  },
  clearError: () => set({ error: null }),
  clearNotice: () => set({ notice: null }),
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
