/**
 * Watched library folders: while the desktop app or `soundprint serve` runs, every library folder is
 * watched with chokidar, and what changes under it is handed to the importer in debounced batches
 * (`Importer.update`: only the changed paths are looked at, never the whole library).
 *
 * - A batch goes out after a quiet period (`quietMs`), or at the latest `maxDelayMs` after its first
 *   change while changes keep coming.
 * - chokidar watches the folders only (one inotify watch per folder, none per file: a folder's watch reports
 *   its files by name); a file named there is reported once its size and modification time have stopped
 *   changing for `stableMs` (our own stability check, like chokidar's awaitWriteFinish), so a copy in
 *   progress is not analysed half-written. A new folder's files are looked at when it appears.
 * - Ignored: hidden entries, system folders (walk.ts), temporary and partial files (.part, .crdownload,
 *   .tmp, `~`), non-audio files other than cover images (cover.*, folder.*, front.*: the cover stage gives
 *   them to their folder's tracks) and the library database with its journal files.
 * - Symbolic links are not followed (a folder reached only through a link is picked up by the scans,
 *   which follow links, not live).
 * - Deleted files and folders make their tracks missing; a moved file is re-linked by its content hash
 *   (same track id) when the importer reads it.
 * - Every folder is checked every `rootCheckMs` (one stat and an access check): one that is gone or
 *   unreadable (an unplugged drive, an unmounted share) is rescanned, which makes its tracks missing, never
 *   deleted; when it is back, or another file system is mounted there, it is rescanned and watched again.
 * - A watcher that fails (the inotify limit ENOSPC, too many open files) is reported once in the status and
 *   its folder falls back to an incremental rescan every `fallbackRescanMs`; unreadable sub-folders
 *   (EACCES) are reported once and the rest stays watched. Nothing here throws into the app.
 * Starting (`setEnabled(true)`) also rescans every folder incrementally, in the background: what changed
 * while the app was closed, or while watching was off, is found.
 * Electron-free: the core service owns one.
 */
import { constants, type Dirent, type Stats } from 'node:fs'
import { access, readdir, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { type FSWatcher, watch } from 'chokidar'
import type { WatchedRoot, WatchState, WatchStatus } from '../../shared/api'
import { isFolderImageName } from './covers'
import type { Library } from './library'
import { isAudioFileName, isSkippedName } from './walk'

/** What the watcher needs of the importer. */
interface WatchImporter {
  /** `background`: started by the watcher, not the user (a finished one that changed nothing needs no summary). */
  scan(rootIds?: number[], opts?: { background?: boolean }): Promise<unknown>
  update(rootId: number, paths: string[]): Promise<unknown>
}

export interface FolderWatcherOptions {
  library: Library
  importer: WatchImporter
  /** Files never reported (the library database; its -wal, -shm and -journal files are added). */
  ignoreFiles?: string[]
  /** Quiet period that ends a batch of changes (default 1000 ms). */
  quietMs?: number
  /** Longest a change waits while changes keep coming (default 5000 ms). */
  maxDelayMs?: number
  /** How long a file's size must stay the same before it is reported (default 1500 ms). */
  stableMs?: number
  /** How often every folder's existence is checked (default 5000 ms). */
  rootCheckMs?: number
  /** Rescan period of a folder whose watcher failed (default 120 000 ms). */
  fallbackRescanMs?: number
  /** Called whenever the status changes. */
  onStatus?: (s: WatchStatus) => void
  /** Where problems are logged once (default console.error). */
  log?: (message: string) => void
}

/** Names of temporary and partial files (downloads and copies in progress, editor backups). */
const TEMP_NAME = /(\.(part|partial|crdownload|download|tmp|temp|swp)|~)$/i

/** True for names the watcher never reports (the audio check comes on top, for files). */
function isIgnoredName(name: string): boolean {
  return isSkippedName(name) || TEMP_NAME.test(name)
}

/** Errors that mean the OS will not watch more folders: watching gives way to periodic rescans. */
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE'])

interface Settling {
  /** size:mtime when last looked at. */
  key: string
  /** Since when it has been that. */
  since: number
  timer: NodeJS.Timeout | null
}

/** How often a settling file is looked at (more seldom when thousands settle at once). */
const SETTLE_POLL_MS = 250

interface RootWatch {
  id: number
  path: string
  state: WatchState
  problem: string | null
  /** device:inode of the folder when last seen, null while it is gone. */
  key: string | null
  fsw: FSWatcher | null
  pending: Set<string>
  /** Files waiting for their size to stop changing. */
  settling: Map<string, Settling>
  firstAt: number
  quietTimer: NodeJS.Timeout | null
  fallbackTimer: NodeJS.Timeout | null
  /** Error codes already reported for this folder. */
  reported: Set<string>
}

export class FolderWatcher {
  private readonly opts: FolderWatcherOptions
  private readonly ignoreFiles: Set<string>
  private readonly roots = new Map<number, RootWatch>()
  private enabled = false
  private checkTimer: NodeJS.Timeout | null = null
  private checking = false
  private closed = false

  constructor(opts: FolderWatcherOptions) {
    this.opts = opts
    this.ignoreFiles = new Set(
      (opts.ignoreFiles ?? []).flatMap((f) => {
        const p = resolve(f)
        return [p, `${p}-wal`, `${p}-shm`, `${p}-journal`]
      }),
    )
  }

  get isEnabled(): boolean {
    return this.enabled
  }

  status(): WatchStatus {
    const roots: WatchedRoot[] = [...this.roots.values()].map((r) => ({
      id: r.id,
      path: r.path,
      state: r.state,
      problem: r.problem,
    }))
    return { enabled: this.enabled, roots }
  }

  /**
   * Turns watching on (every folder watched, then rescanned in the background) or off (every watcher closed;
   * nothing is picked up until it is turned on again).
   */
  async setEnabled(on: boolean): Promise<void> {
    if (this.closed || on === this.enabled) return
    this.enabled = on
    if (on) {
      await this.sync()
      this.checkTimer = setInterval(() => void this.checkRoots(), this.opts.rootCheckMs ?? 5000)
      this.checkTimer.unref()
      if (this.roots.size > 0)
        this.background(this.opts.importer.scan([...this.roots.keys()], { background: true }), 'the start-up scan')
    } else {
      if (this.checkTimer) clearInterval(this.checkTimer)
      this.checkTimer = null
      await Promise.all([...this.roots.values()].map((r) => this.unwatch(r)))
      this.roots.clear()
    }
    this.changed()
  }

  /** Follows the library's folders: watches added ones, stops watching removed ones (no scan). */
  async sync(): Promise<void> {
    if (!this.enabled || this.closed) return
    const current = new Map(this.opts.library.roots().map((r) => [r.id, r.path]))
    for (const [id, r] of this.roots) {
      if (current.has(id)) continue
      this.roots.delete(id)
      await this.unwatch(r)
    }
    for (const [id, path] of current) {
      if (this.roots.has(id)) continue
      const r: RootWatch = {
        id,
        path,
        state: 'starting',
        problem: null,
        key: null,
        fsw: null,
        pending: new Set(),
        settling: new Map(),
        firstAt: 0,
        quietTimer: null,
        fallbackTimer: null,
        reported: new Set(),
      }
      this.roots.set(id, r)
      r.key = await presence(path)
      if (r.key) this.watchRoot(r)
      else this.setOffline(r)
    }
    this.changed()
  }

  /** The chokidar watcher of a folder while it is watched (tests deliver its errors through it). */
  fsWatcher(rootId: number): FSWatcher | null {
    return this.roots.get(rootId)?.fsw ?? null
  }

  /** Stops for good: closes every watcher and timer. */
  async close(): Promise<void> {
    await this.setEnabled(false)
    this.closed = true
  }

  // ── one folder ──────────────────────────────────────────────────────────────────────────────────────

  private watchRoot(r: RootWatch): void {
    r.state = 'starting'
    r.problem = null
    let fsw: FSWatcher
    try {
      fsw = watch(r.path, {
        ignoreInitial: true,
        persistent: true,
        usePolling: false,
        // Links are followed by the scans; watching through them could watch one folder twice or loop.
        followSymlinks: false,
        // Folders only: chokidar would hold one inotify watch (and a Node FSWatcher) per file; a folder's
        // watch already reports its files by name ('raw' below).
        ignored: (path: string, stats?: Stats) => this.ignored(r, path, stats),
      })
    } catch (err) {
      this.onError(r, err as Error)
      return
    }
    r.fsw = fsw
    // A name in a watched folder was created, written, renamed or deleted.
    fsw.on('raw', (_event: string, name: unknown, details: unknown) => {
      const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath
      if (typeof name !== 'string' || name === '' || typeof dir !== 'string') return
      // Audio files, and cover images (cover.jpg, …: the folder's tracks show them).
      if (isAudioFileName(name) || isFolderImageName(name)) this.settle(r, join(dir, name))
    })
    // A new folder (made here, or moved in with its files): the files it holds already. Files made in it
    // later, and its sub-folders (each its own 'addDir'), come by themselves.
    fsw.on('addDir', (dir: string) => void this.settleFolder(r, dir))
    // A removed (or moved-away) folder: everything under it is missing.
    fsw.on('unlinkDir', (dir: string) => this.queue(r, dir))
    fsw.on('error', (err: unknown) => this.onError(r, err as Error))
    fsw.on('ready', () => {
      if (r.fsw !== fsw || r.state !== 'starting') return
      r.state = 'watching'
      this.changed()
    })
  }

  /** What chokidar does not watch: files (their folder reports them), hidden and temporary names, the database. */
  private ignored(r: RootWatch, path: string, stats?: Stats): boolean {
    if (path === r.path) return false
    if (this.ignoreFiles.has(path)) return true
    if (isIgnoredName(basename(path))) return true
    return stats !== undefined && !stats.isDirectory()
  }

  private async settleFolder(r: RootWatch, dir: string): Promise<void> {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return // gone again, or unreadable (the next scan reports it)
    }
    for (const e of entries) if (!e.isDirectory() && isAudioFileName(e.name)) this.settle(r, join(dir, e.name))
  }

  /**
   * Reports `path` once its size and modification time have stayed the same for `stableMs` (a copy or a
   * download in progress is not read half-written), or at once when it is gone. One check per path at a
   * time; with many files settling at once each is looked at less often.
   */
  private settle(r: RootWatch, path: string): void {
    if (!this.enabled || this.roots.get(r.id) !== r || r.settling.has(path)) return
    if (isIgnoredName(basename(path)) || this.ignoreFiles.has(path)) return
    const stableMs = this.opts.stableMs ?? 1500
    const s: Settling = { key: '', since: 0, timer: null }
    r.settling.set(path, s)
    const check = async () => {
      s.timer = null
      let key: string | null
      try {
        const st = await stat(path)
        key = st.isFile() ? `${st.size}:${st.mtimeMs}` : null
      } catch {
        key = 'gone'
      }
      if (r.settling.get(path) !== s) return // stopped meanwhile
      const now = Date.now()
      if (key === null || key === 'gone' || (key === s.key && now - s.since >= stableMs)) {
        r.settling.delete(path)
        if (key !== null) this.queue(r, path)
        return
      }
      if (key !== s.key) {
        s.key = key
        s.since = now
      }
      const pollMs = Math.min(stableMs, Math.max(SETTLE_POLL_MS, r.settling.size * 2))
      s.timer = setTimeout(check, pollMs)
    }
    void check()
  }

  private queue(r: RootWatch, path: string): void {
    if (!this.enabled || this.roots.get(r.id) !== r) return
    const name = basename(path)
    if (path !== r.path && (isIgnoredName(name) || this.ignoreFiles.has(path))) return
    r.pending.add(path)
    const now = Date.now()
    if (r.pending.size === 1) r.firstAt = now
    if (r.quietTimer) clearTimeout(r.quietTimer)
    const wait = Math.min(this.opts.quietMs ?? 1000, r.firstAt + (this.opts.maxDelayMs ?? 5000) - now)
    r.quietTimer = setTimeout(() => this.flush(r), Math.max(0, wait))
  }

  private flush(r: RootWatch): void {
    r.quietTimer = null
    if (r.pending.size === 0 || !this.enabled || this.roots.get(r.id) !== r) return
    const paths = [...r.pending]
    r.pending.clear()
    this.background(this.opts.importer.update(r.id, paths), `picking up changes in ${r.path}`)
  }

  private async unwatch(r: RootWatch): Promise<void> {
    if (r.quietTimer) clearTimeout(r.quietTimer)
    if (r.fallbackTimer) clearInterval(r.fallbackTimer)
    r.quietTimer = null
    r.fallbackTimer = null
    r.pending.clear()
    for (const s of r.settling.values()) if (s.timer) clearTimeout(s.timer)
    r.settling.clear()
    const fsw = r.fsw
    r.fsw = null
    if (!fsw) return
    await fsw.close().catch(() => {})
    // close() drops every listener: an error still on its way must not become an uncaught 'error' event.
    fsw.on('error', () => {})
  }

  private onError(r: RootWatch, err: Error): void {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown'
    const where = (err as NodeJS.ErrnoException).path ?? r.path
    if (LIMIT_CODES.has(code)) {
      if (r.state === 'polling' || this.roots.get(r.id) !== r) return
      const minutes = Math.max(1, Math.round((this.opts.fallbackRescanMs ?? 120_000) / 60_000))
      const limit =
        code === 'ENOSPC'
          ? "the system's limit of watched folders is reached (ENOSPC; raise fs.inotify.max_user_watches)"
          : `too many open files (${code})`
      r.problem = `${r.path} cannot be watched: ${limit}. It is rescanned every ${minutes} min instead.`
      this.report(r, code, r.problem)
      void this.unwatch(r).then(() => {
        if (!this.enabled || this.roots.get(r.id) !== r || r.state === 'offline') return
        r.state = 'polling'
        r.fallbackTimer = setInterval(
          () => this.background(this.opts.importer.scan([r.id], { background: true }), `rescanning ${r.path}`),
          this.opts.fallbackRescanMs ?? 120_000,
        )
        r.fallbackTimer.unref()
        this.changed()
      })
      return
    }
    const message =
      code === 'EACCES' || code === 'EPERM'
        ? `${where} is not readable by this user, so changes there are not seen (${code})`
        : `watching ${r.path} failed: ${err.message}`
    if (!r.reported.has(code)) {
      r.problem = message
      this.report(r, code, message)
      this.changed()
    }
  }

  /** Logs one problem once per folder and kind. */
  private report(r: RootWatch, code: string, message: string): void {
    if (r.reported.has(code)) return
    r.reported.add(code)
    ;(this.opts.log ?? ((m: string) => console.error(m)))(`soundprint: ${message}`)
  }

  private setOffline(r: RootWatch): void {
    r.state = 'offline'
    r.problem =
      'The folder is not there or not readable (an unplugged drive, an unmounted share?): its tracks are missing until it is back.'
  }

  /** Every folder's existence: gone → rescanned (its tracks become missing), back or replaced → rescanned and watched. */
  private async checkRoots(): Promise<void> {
    // A hung network share can make a check slow: never two at once.
    if (this.checking || !this.enabled) return
    this.checking = true
    try {
      for (const r of [...this.roots.values()]) {
        const key = await presence(r.path)
        if (!this.enabled || this.roots.get(r.id) !== r || key === r.key) continue
        r.key = key
        await this.unwatch(r)
        if (!this.enabled || this.roots.get(r.id) !== r) continue
        if (key) {
          r.reported.clear()
          this.watchRoot(r)
        } else this.setOffline(r)
        this.changed()
        this.background(this.opts.importer.scan([r.id], { background: true }), `rescanning ${r.path}`)
      }
    } finally {
      this.checking = false
    }
  }

  private background(p: Promise<unknown>, what: string): void {
    p.catch((err: Error) => {
      if (!this.closed)
        (this.opts.log ?? ((m: string) => console.error(m)))(`soundprint: ${what} failed: ${err.message}`)
    })
  }

  private changed(): void {
    try {
      this.opts.onStatus?.(this.status())
    } catch {
      // a listener's fault is not the watcher's
    }
  }
}

/** device:inode of a folder that exists and can be read, else null. */
async function presence(path: string): Promise<string | null> {
  try {
    const st = await stat(path)
    if (!st.isDirectory()) return null
    await access(path, constants.R_OK | constants.X_OK)
    return `${st.dev}:${st.ino}`
  } catch {
    return null
  }
}
