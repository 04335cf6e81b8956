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
  /** Desktop: asks for a folder with the native dialog and adds it. */
  chooseFolder(): Promise<void>
  /** Desktop: adds the folders dropped on the window (a browser cannot tell where they are: it says so). */
  addDropped(files: readonly File[]): Promise<void>
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

  async chooseFolder() {
    const chosen = await getApi().chooseFolder?.()
    if (chosen) await get().addFolder(chosen)
  },

  async addDropped(files) {
    const pathForFile = getApi().pathForFile
    if (!pathForFile) {
      set({
        error:
          'A browser cannot tell the server where a dropped folder is. Type the folder’s path on the server into the box at the top and press Add folder.',
      })
      return
    }
    const paths = files.map((f) => pathForFile(f)).filter((p) => p)
    if (paths.length === 0) {
      set({ error: 'Nothing to add: drop folders (or audio files’ folders) from your file manager.' })
      return
    }
    for (const p of paths) await get().addFolder(p)
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

/** Whether this is the desktop app, where folders come from the native dialog and from drops on the window. */
export const canPickFolders = (): boolean => !!getApi().pathForFile && !!getApi().chooseFolder

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
