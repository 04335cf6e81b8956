/**
 * Import orchestration: walk library folders, read tags and content hashes, and feed the analysis queue
 * (tracks in state `pending` in the database) to the DSP pool.
 *
 * One run at a time. A run has three stages working concurrently, coupled only through the database:
 *   walk     — discovers files, records new/changed ones as pending+untagged, stamps unchanged ones
 *              (one stat each), and marks what a finished walk did not see as missing; or, for `update`
 *              (the folder watcher), looks again at the paths it reported only;
 *   tags     — reads tags and the content hash of untagged tracks in batches; a known hash re-links a
 *              moved file or copies the fingerprint of an identical file instead of queueing it;
 *   covers   — (with a cover store; `cover-scan.ts`) tracks whose cover was not looked for yet (new, changed or
 *              moved files, and tracks imported before covers existed) get theirs, and folders whose cover image
 *              was added, replaced or removed since the last scan pass it on to their tracks. Apart from the
 *              tag stage, so that making thumbnails never holds up the analysis; unchanged files cost nothing
 *              but the walk's listing and one stat per folder image;
 *   analysis — claims pending tracks one at a time (priority first) and keeps at most `workers + prefetch`
 *              jobs in the pool; a track whose worker crashed is tried once more before it is failed. Memory is flat: nothing but the in-flight jobs lives outside SQLite.
 * A crash or kill loses nothing: claimed tracks are `analysing` in the DB and go back to pending at the
 * start of the next run; untagged tracks are picked up by the tag stage. Progress is throttled (≤ 10/s).
 */
import { existsSync, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, relative, sep } from 'node:path'
import { entryKind, NotRegularFileError } from '../../dsp-worker/file-source'
import { IMPORT_RECENT_MAX, type ImportPhase, type ImportProgress, type SkippedEntry } from '../../shared/api'
import { contentHash } from './content-hash'
import { CoverScan, sameFolderCover } from './cover-scan'
import { type CoverStore, isFolderImageName } from './covers'
import type { ClaimedTrack, Library, TrackCover } from './library'
import { DspPool, type DspPoolOptions, type JobOutcome } from './pool'
import { readTags } from './tags'
import { type DiscoveredFile, isAudioFileName, isSkippedName, skipReason, walk } from './walk'
import type { WorkerSpawner } from './worker-spawner'

interface ImporterOptions {
  library: Library
  spawner: WorkerSpawner
  /** Number of DSP workers (default: available parallelism). */
  workers?: number
  /** Jobs handed to the pool beyond one per worker, so a worker never waits for the DB (default 2). */
  prefetch?: number
  /** Extra DSP pool options (timeouts, memory limit). */
  pool?: Partial<Omit<DspPoolOptions, 'spawner' | 'size'>>
  /** Where covers are stored; without it covers are not looked for (tracks keep no cover). */
  covers?: CoverStore
  /** Files whose tags and hash are read at the same time (default 8). */
  tagConcurrency?: number
  /**
   * Longest time reading one file's tags and content hash may take before the track is failed with
   * code 'timeout' (retried by the next scan) — a file on a hung network share (default 30 000 ms).
   */
  fileReadTimeoutMs?: number
  /** Throttled progress, at most `progressHz` a second (default 10). */
  onProgress?: (p: ImportProgress) => void
  progressHz?: number
  /** Track ids that were added, changed state or were removed (batched with progress). */
  onChanged?: (ids: number[]) => void
  /** Every failure as it happens (unthrottled). */
  onFailure?: (f: ImportFailure) => void
}

export interface ImportFailure {
  id: number
  path: string
  error: string
  code: string
}

export interface ImportSummary {
  /** Tracks in the library after the run. */
  tracks: number
  found: number
  tagged: number
  analysed: number
  failed: number
  skipped: number
  /** Tracks in state missing after the run. */
  missing: number
  /** Tracks this run's walks found missing. */
  newlyMissing: number
  elapsedSec: number
  cancelled: boolean
  /** Set when the run could not go on (e.g. the workers cannot start); the queue is kept. */
  error: string | null
  /** Failures of this run (at most 10 000). */
  failures: ImportFailure[]
  /** What the walks passed over, with the reason (at most 10 000). */
  skippedEntries: SkippedEntry[]
}

const BATCH_WRITE = 256
const TAG_BATCH = 64
const COVER_BATCH = 64
const COVER_CONCURRENCY = 4
const NO_COVER: TrackCover = { coverId: null, source: 'none' }
const MAX_FAILURES_KEPT = 10_000
const RATE_WINDOW_MS = 30_000

interface PathUpdate {
  rootId: number
  paths: string[]
}

interface InFlight {
  track: ClaimedTrack
  startedAt: number
}

/** What reading one file's tags gave: its tags and content hash, or why the track failed right there. */
type FileRead =
  | { tags: Awaited<ReturnType<typeof readTags>>; hash: string | null }
  | { error: string; code: 'unreadable' | 'timeout' }

/** A one-shot-at-a-time wake-up: `wait()` resolves on the next `notify()`. */
class Signal {
  private waiters: (() => void)[] = []
  wait(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, timeoutMs)
      const waiters = this.waiters
      function done() {
        clearTimeout(t)
        const i = waiters.indexOf(done)
        if (i >= 0) waiters.splice(i, 1)
        resolve()
      }
      this.waiters.push(done)
    })
  }
  notify(): void {
    for (const w of this.waiters.splice(0)) w()
  }
}

class Run {
  readonly startedAt = Date.now()
  /** Scan generations are ms timestamps: every generation of this run is ≥ this one. */
  readonly firstGeneration = Date.now()
  analysisStartedAt = 0
  readonly walkQueue: number[] = []
  /** Started by the folder watcher; a user's scan joining it makes it the user's. */
  background = false
  /** Paths to look at again (`Importer.update`), taken before the next root walk. */
  readonly updates: PathUpdate[] = []
  walking = true
  tagging = true
  /** The cover stage is running (`covers`: its caches, with a cover store). */
  coverWork = false
  /** The cover stage is reading tracks for their covers (shown as reading tags). */
  coverReading = false
  covers: CoverScan | null = null
  finished = false
  /** When the run ended (ms since epoch): a finished import's elapsed time stops there. */
  finishedAt = 0
  cancelled = false
  error: string | null = null
  found = 0
  tagged = 0
  analysed = 0
  failed = 0
  skipped = 0
  newlyMissing = 0
  audioSec = 0
  /** (time, audio seconds) of recent completions, for the windowed rate. */
  readonly completions: { t: number; audioSec: number }[] = []
  readonly failures: ImportFailure[] = []
  readonly skippedEntries: SkippedEntry[] = []
  /** device:inode of every folder and file the walks of this run reached: a file is one track per run. */
  readonly visited = new Set<string>()
  readonly inFlight = new Map<number, InFlight>()
  /** Resolve the per-file reads in progress when the run is cancelled (`cancel()` does not wait for them). */
  readonly stopReading = new Set<() => void>()
  /** Tracks whose worker crashed once in this run: the second crash is final. */
  readonly retried = new Set<number>()
  pool: DspPool | null = null
  promise!: Promise<ImportSummary>
}

export class Importer {
  private readonly lib: Library
  private readonly opts: ImporterOptions
  private readonly workers: number
  private readonly signal = new Signal()
  private run: Run | null = null
  private last: Run | null = null
  private paused = false
  private changedIds = new Set<number>()
  private lastEmit = 0
  private emitTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(opts: ImporterOptions) {
    this.opts = opts
    this.lib = opts.library
    this.workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()))
  }

  get running(): boolean {
    return this.run !== null
  }

  /** Process ids of the live DSP workers (for memory sampling). */
  get workerPids(): number[] {
    return this.run?.pool?.workerPids ?? []
  }

  /**
   * Walks the given roots (every root when omitted), then analyses everything pending. Joins the current
   * run when one is going on. Resolves when the run ends (done, cancelled or stopped by an error).
   */
  scan(rootIds?: number[], opts: { background?: boolean } = {}): Promise<ImportSummary> {
    const ids = rootIds ?? this.lib.roots().map((r) => r.id)
    const run = this.joinable()
    if (run) {
      for (const id of ids) if (!run.walkQueue.includes(id)) run.walkQueue.push(id)
      if (!opts.background) run.background = false
      return this.rejoin(run)
    }
    return this.start(ids, true, [], opts.background === true)
  }

  /**
   * Looks again at some paths under one root (what a folder watcher saw change) instead of walking the
   * whole root: an audio file is recorded as a walk would record it (new, changed, unchanged, back), a
   * folder is walked, and a path that is gone makes its track, or every track under it, missing. The tag
   * and analysis stages then pick up what changed; a moved file is re-linked by its content hash. Joins
   * the current run like `scan`; a run it starts is a background one. Resolves when the run ends.
   */
  update(rootId: number, paths: string[]): Promise<ImportSummary> {
    const run = this.joinable()
    if (run) {
      run.updates.push({ rootId, paths })
      return this.rejoin(run)
    }
    return this.start([], false, [{ rootId, paths }], true)
  }

  /** The current run when it can still take more work. */
  private joinable(): Run | null {
    const run = this.run
    return run && !run.cancelled && !run.finished ? run : null
  }

  /** Restarts the stages of `run` that already finished, so they take the work just queued. */
  private rejoin(run: Run): Promise<ImportSummary> {
    const fail = (err: Error) => {
      run.error = err.message
      run.cancelled = true
    }
    // Restart a stage that already finished (each flag is cleared only when its stage returns).
    if (!run.walking) {
      run.walking = true
      this.walkStage(run).catch(fail)
    }
    if (!run.tagging) {
      run.tagging = true
      this.tagStage(run).catch(fail)
    }
    if (run.covers && !run.coverWork) {
      run.coverWork = true
      this.coverStage(run).catch(fail)
    }
    this.signal.notify()
    return run.promise
  }

  /** Analyses what is pending (interrupted work of an earlier session included) without walking. */
  drain(): Promise<ImportSummary> {
    if (this.run && !this.run.cancelled && !this.run.finished) return this.run.promise
    return this.start([], false, [], false)
  }

  pause(): void {
    if (this.paused) return
    this.paused = true
    this.requestEmit(true)
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.signal.notify()
    this.requestEmit(true)
    if (!this.run && !this.closed && this.lib.countPending() > 0) this.drain().catch(() => {})
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Stops the current run: running jobs are abandoned and their tracks go back to pending. */
  async cancel(): Promise<void> {
    const run = this.run
    if (!run) return
    run.cancelled = true
    for (const stop of run.stopReading) stop()
    this.signal.notify()
    await run.pool?.close()
    await run.promise
  }

  /** Moves a track to the front of the queue; starts analysing if nothing runs and it is pending. */
  prioritize(id: number): void {
    const state = this.lib.prioritize(id)
    if (state === 'pending' || state === 'analysing') {
      if (this.run) this.signal.notify()
      else if (!this.paused && !this.closed) this.drain().catch(() => {})
    }
  }

  status(): ImportProgress {
    return this.progress()
  }

  /** Cancels the current run (pending work stays pending) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true
    await this.cancel()
    if (this.emitTimer) clearTimeout(this.emitTimer)
    this.emitTimer = null
  }

  // ── the run ─────────────────────────────────────────────────────────────────────────────────────────

  private start(
    rootIds: number[],
    isScan: boolean,
    updates: PathUpdate[],
    background: boolean,
  ): Promise<ImportSummary> {
    if (this.closed) return Promise.reject(new Error('the importer is closed'))
    const run = new Run()
    run.background = background
    run.walkQueue.push(...rootIds)
    run.updates.push(...updates)
    if (this.opts.covers) {
      run.covers = new CoverScan(this.opts.covers, this.lib)
      run.coverWork = true
      // The covers folder was deleted (one stat): the tracks that had covers get them made again.
      if (!existsSync(this.opts.covers.dir)) this.lib.forgetCovers()
    }
    this.run = run
    run.promise = this.execute(run, isScan)
    return run.promise
  }

  private async execute(run: Run, isScan: boolean): Promise<ImportSummary> {
    try {
      this.lib.resetInterrupted()
      this.lib.requeueStale(isScan)
      this.requestEmit(true)
      await Promise.all([this.walkStage(run), this.tagStage(run), this.analysisStage(run), this.coverStage(run)])
    } catch (err) {
      run.error = (err as Error).message
      run.cancelled = true
    } finally {
      run.finished = true
      run.finishedAt = Date.now()
      await run.pool?.close().catch(() => {})
      // Whatever is still claimed (cancel, error) goes back to the queue.
      for (const { track } of run.inFlight.values()) this.lib.unclaim(track.id)
      run.inFlight.clear()
      this.last = run
      if (this.run === run) this.run = null
    }
    await this.flushEmit()
    const counts = this.lib.countByState()
    return {
      tracks: this.lib.countTracks(),
      found: run.found,
      tagged: run.tagged,
      analysed: run.analysed,
      failed: run.failed,
      skipped: run.skipped,
      missing: counts.missing,
      newlyMissing: run.newlyMissing,
      elapsedSec: (run.finishedAt - run.startedAt) / 1000,
      cancelled: run.cancelled,
      error: run.error,
      failures: run.failures,
      skippedEntries: run.skippedEntries,
    }
  }

  private async walkStage(run: Run): Promise<void> {
    try {
      while ((run.walkQueue.length > 0 || run.updates.length > 0) && !run.cancelled) {
        const update = run.updates.shift()
        if (update) {
          await this.applyUpdate(run, update)
          continue
        }
        const rootId = run.walkQueue.shift()!
        const root = this.lib.root(rootId)
        if (!root) continue
        const generation = this.lib.nextGeneration()
        let batch: { path: string; size: number; mtimeMs: number }[] = []
        const flush = () => {
          if (batch.length === 0) return
          const files = batch
          batch = []
          this.lib.transaction(() => {
            for (const f of files) {
              const outcome = this.lib.discover(rootId, f, generation)
              run.found++
              if (outcome === 'unchanged' || outcome === 'returned') run.skipped++
            }
          })
          this.signal.notify()
          this.requestEmit()
        }
        const otherRoots = this.lib
          .roots()
          .filter((r) => r.id !== rootId)
          .map((r) => r.path)
        const onError = (path: string, err: Error) => {
          if (run.skippedEntries.length < MAX_FAILURES_KEPT)
            run.skippedEntries.push({ path, reason: skipReason(path, err) })
          this.requestEmit()
        }
        const onFolder = run.covers ? (dir: string, names: string[]) => run.covers?.sawFolder(dir, names) : undefined
        const walking = walk(root.path, {
          shouldStop: () => run.cancelled,
          visited: run.visited,
          otherRoots,
          onError,
          onFolder,
        })
        for await (const f of walking) {
          batch.push(f)
          if (batch.length >= BATCH_WRITE) flush()
        }
        flush()
        if (run.cancelled) break
        // Only a completed walk may declare files missing.
        const missing = this.lib.transaction(() => {
          const ids = this.lib.markMissing(rootId, generation)
          this.lib.markRootScanned(rootId)
          return ids
        })
        run.newlyMissing += missing.length
        this.markChanged(missing)
      }
    } finally {
      run.walking = false
      this.signal.notify()
      this.requestEmit()
    }
  }

  /** One `update()`: the paths' files recorded, folders walked, gone paths made missing (one transaction). */
  private async applyUpdate(run: Run, { rootId, paths }: PathUpdate): Promise<void> {
    const root = this.lib.root(rootId)
    if (!root) return
    const roots = this.lib.roots()
    const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep)
    // A library folder nested in this one owns its files (it is watched and walked as itself).
    const nested = roots.filter((r) => r.id !== rootId && inside(r.path, root.path)).map((r) => r.path)
    const otherRoots = roots.filter((r) => r.id !== rootId).map((r) => r.path)
    const onError = (path: string, err: Error) => {
      if (run.skippedEntries.length < MAX_FAILURES_KEPT)
        run.skippedEntries.push({ path, reason: skipReason(path, err) })
    }
    const files: DiscoveredFile[] = []
    const gone: string[] = []
    for (const path of new Set(paths)) {
      if (run.cancelled) return
      if (!inside(path, root.path) || nested.some((n) => inside(path, n))) continue
      if (relative(root.path, path).split(sep).some(isSkippedName)) continue
      let st: Stats
      try {
        st = await stat(path)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          gone.push(path)
          if (isFolderImageName(basename(path))) run.covers?.folderChanged(dirname(path))
        } else onError(path, err as Error)
        continue
      }
      if (st.isDirectory()) {
        const onFolder = run.covers ? (dir: string, names: string[]) => run.covers?.sawFolder(dir, names) : undefined
        for await (const f of walk(path, { shouldStop: () => run.cancelled, otherRoots, onError, onFolder }))
          files.push(f)
      } else if (isFolderImageName(basename(path))) {
        // A cover image beside the files: the folder's tracks are given it (or the next one) by the cover stage.
        run.covers?.folderChanged(dirname(path))
      } else if (isAudioFileName(path)) {
        if (st.isFile()) files.push({ path, size: st.size, mtimeMs: st.mtimeMs })
        else onError(path, new NotRegularFileError(entryKind(st)))
      }
    }
    if (run.cancelled) return
    const generation = this.lib.nextGeneration()
    const missing = this.lib.transaction(() => {
      // Gone first: a file moved within the batch finds its old track missing and takes it over (same id).
      const ids = gone.flatMap((p) => this.lib.markGone(rootId, p))
      for (const f of files) {
        const outcome = this.lib.discover(rootId, f, generation)
        run.found++
        if (outcome === 'unchanged' || outcome === 'returned') run.skipped++
      }
      return ids
    })
    run.newlyMissing += missing.length
    this.markChanged(missing)
    this.signal.notify()
    this.requestEmit()
  }

  private async tagStage(run: Run): Promise<void> {
    const concurrency = Math.max(1, this.opts.tagConcurrency ?? 8)
    try {
      while (!run.cancelled) {
        if (this.paused) {
          await this.signal.wait()
          continue
        }
        const batch = this.lib.untagged(0, TAG_BATCH)
        if (batch.length === 0) {
          if (!run.walking) break
          await this.signal.wait()
          continue
        }
        const read = new Array<FileRead>(batch.length)
        let next = 0
        const readOne = async () => {
          while (next < batch.length && !run.cancelled) {
            const i = next++
            read[i] = await this.readFile(run, batch[i]!.path)
          }
        }
        await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, readOne))
        if (run.cancelled) break
        const changed: number[] = []
        this.lib.transaction(() => {
          for (let i = 0; i < batch.length; i++) {
            const { id, path } = batch[i]!
            const r = read[i]!
            if ('error' in r) {
              if (!this.lib.failUnread(id, r.error, r.code)) continue
              run.failed++
              changed.push(id)
              const failure: ImportFailure = { id, path, error: r.error, code: r.code }
              if (run.failures.length < MAX_FAILURES_KEPT) run.failures.push(failure)
              this.opts.onFailure?.(failure)
              continue
            }
            const { tags, hash } = r
            const outcome = this.lib.settleTagged(id, tags, hash, run.firstGeneration)
            run.tagged++
            changed.push(outcome.id)
            if (outcome.kind === 'relinked') {
              changed.push(outcome.removedId)
              run.skipped++
            } else if (outcome.kind === 'duplicate') {
              if (outcome.state === 'done') run.skipped++
              else run.failed++
            }
          }
        })
        this.markChanged(changed)
        this.signal.notify()
        this.requestEmit()
      }
    } finally {
      run.tagging = false
      this.signal.notify()
      this.requestEmit()
    }
  }

  /**
   * Tags and content hash of one file, bounded in time: a file that is not a regular file (swapped for a
   * named pipe since the walk) is refused without blocking, and one whose reading outlasts
   * `fileReadTimeoutMs` (or the run's cancellation) is given up, its reads aborted.
   */
  private async readFile(run: Run, path: string): Promise<FileRead> {
    const limitMs = this.opts.fileReadTimeoutMs ?? 30_000
    const abort = new AbortController()
    let timer: NodeJS.Timeout | undefined
    let onCancel = () => {}
    const stop = new Promise<'timeout' | 'cancelled'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs)
      onCancel = () => resolve('cancelled')
      run.stopReading.add(onCancel)
    })
    const work = Promise.all([readTags(path, abort.signal), contentHash(path).catch((err: Error) => err)]).then(
      ([tags, hash]): FileRead => {
        if (hash instanceof NotRegularFileError)
          return { error: `${hash.message}; only regular files are imported`, code: 'unreadable' }
        // Missing, unreadable, …: the analysis finds out again and records the precise reason.
        return { tags, hash: hash instanceof Error ? null : hash }
      },
    )
    try {
      const r = await Promise.race([work, stop])
      if (r === 'timeout')
        return { error: `reading the file's tags took longer than ${Math.round(limitMs / 1000)} s`, code: 'timeout' }
      if (r === 'cancelled') return { tags: null, hash: null }
      return r
    } finally {
      clearTimeout(timer)
      run.stopReading.delete(onCancel)
      abort.abort()
    }
  }

  /**
   * Covers: folders whose cover image may have changed (queued by the walk and by the tracks' lookups) are
   * compared with what the library recorded, and their tracks updated when it differs; tagged tracks whose
   * cover was not looked for yet have their picture read, else their folder's image found. A track's cover
   * never fails it: an unreadable image is no cover. Ends once the walk and the tag stage have ended and
   * nothing is left to look at.
   */
  private async coverStage(run: Run): Promise<void> {
    const covers = run.covers
    if (!covers) return
    const limitMs = this.opts.fileReadTimeoutMs ?? 30_000
    // Tracks are taken in id order from a cursor; a changed or moved file (an older id) is found when the
    // cursor starts again from the beginning, which it does whenever it runs out.
    let after = 0
    try {
      while (!run.cancelled) {
        if (this.paused) {
          await this.signal.wait()
          continue
        }
        const dir = covers.nextFolder()
        if (dir !== undefined) {
          const now = await covers.folder(dir)
          if (run.cancelled) break
          if (!sameFolderCover(now, this.lib.folderCover(dir)))
            this.markChanged(this.lib.transaction(() => this.lib.setFolderCover(dir, now)))
          continue
        }
        let batch = this.lib.coverUnchecked(after, COVER_BATCH)
        if (batch.length === 0 && after > 0) batch = this.lib.coverUnchecked((after = 0), COVER_BATCH)
        if (batch.length > 0) {
          after = batch[batch.length - 1]!.id
          run.coverReading = true
          // undefined: not looked at (the run was cancelled first), looked for again by the next run.
          const found = new Array<TrackCover | undefined>(batch.length)
          let next = 0
          const readOne = async () => {
            while (next < batch.length && !run.cancelled) {
              const i = next++
              const { path } = batch[i]!
              const tags = await readTags(path, AbortSignal.timeout(limitMs), { picture: true })
              found[i] = await covers.trackCover(path, tags?.picture).catch((): TrackCover => NO_COVER)
            }
          }
          await Promise.all(Array.from({ length: Math.min(COVER_CONCURRENCY, batch.length) }, readOne))
          const changed: number[] = []
          this.lib.transaction(() => {
            for (let i = 0; i < batch.length; i++) {
              const cover = found[i]
              if (cover && this.lib.setCover(batch[i]!.id, cover)) changed.push(batch[i]!.id)
            }
          })
          this.markChanged(changed)
          this.requestEmit()
          continue
        }
        run.coverReading = false
        // Done once nothing else can add work: the walk queues folders, the tag stage tracks.
        if (!run.walking && !run.tagging) break
        await this.signal.wait()
      }
    } finally {
      run.coverWork = false
      run.coverReading = false
      this.signal.notify()
      this.requestEmit()
    }
  }

  private async analysisStage(run: Run): Promise<void> {
    const maxInFlight = this.workers + Math.max(0, this.opts.prefetch ?? 2)
    while (!run.cancelled) {
      if (!this.paused) {
        while (run.inFlight.size < maxInFlight && !run.cancelled) {
          const track = this.lib.claimNext()
          if (!track) break
          this.dispatch(run, track)
        }
      }
      // The fill above just found nothing claimable; with nothing in flight and no stage that could add
      // work, the queue is drained.
      if (run.inFlight.size === 0 && !run.walking && !run.tagging && !this.paused) break
      await this.signal.wait()
    }
  }

  private dispatch(run: Run, track: ClaimedTrack): void {
    if (!run.pool) {
      run.pool = new DspPool({ ...this.opts.pool, size: this.workers, spawner: this.opts.spawner })
      run.analysisStartedAt = Date.now()
    }
    const pool = run.pool
    run.inFlight.set(track.id, { track, startedAt: Date.now() })
    this.requestEmit()
    pool.run({ id: track.id, path: track.path }, { durationSec: track.durationSec }).then(
      (outcome) => {
        run.inFlight.delete(track.id)
        // A crashed worker may have died of something else (memory pressure, a kill): one more try in a fresh one.
        if (
          !outcome.ok &&
          outcome.code === 'crashed' &&
          !run.retried.has(track.id) &&
          !run.cancelled &&
          !run.finished
        ) {
          run.retried.add(track.id)
          this.dispatch(run, track)
          return
        }
        if (!run.finished) this.settle(run, track, outcome)
        this.signal.notify()
      },
      (err: Error) => {
        // The pool itself failed (closed by cancel, or workers cannot start): keep the track queued.
        run.inFlight.delete(track.id)
        this.lib.unclaim(track.id)
        if (!run.cancelled) {
          run.error = `the analysis workers could not run: ${err.message}`
          run.cancelled = true
          void pool.close()
        }
        this.signal.notify()
      },
    )
  }

  private settle(run: Run, track: ClaimedTrack, outcome: JobOutcome): void {
    const now = Date.now()
    if (outcome.ok) {
      const ids = this.lib.saveResult(track.id, outcome.result, track.contentHash)
      if (ids.length > 0) {
        run.analysed++
        run.skipped += ids.length - 1
        run.audioSec += outcome.result.durationSec
        run.completions.push({ t: now, audioSec: outcome.result.durationSec })
      }
      this.markChanged(ids)
    } else {
      const ids = this.lib.saveFailure(track.id, outcome.error, outcome.code, track.contentHash)
      run.failed += ids.length
      run.completions.push({ t: now, audioSec: 0 })
      for (const id of ids) {
        const path = id === track.id ? track.path : (this.lib.trackFile(id)?.path ?? '')
        const failure: ImportFailure = { id, path, error: outcome.error, code: outcome.code }
        if (run.failures.length < MAX_FAILURES_KEPT) run.failures.push(failure)
        this.opts.onFailure?.(failure)
      }
      this.markChanged(ids)
    }
    while (run.completions.length > 0 && run.completions[0]!.t < now - RATE_WINDOW_MS) run.completions.shift()
    this.requestEmit()
  }

  // ── progress ────────────────────────────────────────────────────────────────────────────────────────

  private markChanged(ids: number[]): void {
    for (const id of ids) this.changedIds.add(id)
  }

  private phase(run: Run | null): ImportPhase {
    if (!run) {
      if (this.paused) return 'paused'
      if (!this.last) return 'idle'
      return this.last.cancelled ? 'cancelled' : 'done'
    }
    if (run.finished) return run.cancelled ? 'cancelled' : 'done'
    if (run.cancelled) return 'cancelled'
    if (this.paused) return 'paused'
    if (run.walking) return 'discovering'
    if ((run.tagging && this.lib.countUntagged() > 0) || run.coverReading) return 'reading-tags'
    return 'analysing'
  }

  private progress(): ImportProgress {
    const run = this.run ?? this.last
    const phase = this.phase(this.run)
    const pending = this.lib.countPending()
    if (!run) {
      return {
        phase,
        found: 0,
        tagged: 0,
        analysed: 0,
        failed: 0,
        skipped: 0,
        pending,
        current: [],
        tracksPerSec: 0,
        realtimeFactor: 0,
        etaSec: null,
        elapsedSec: 0,
        recentFailures: [],
        recentSkipped: [],
      }
    }
    const now = Date.now()
    const { tracksPerSec, realtimeFactor } = this.rates(run, now)
    const remaining = pending + run.inFlight.size
    const etaSec =
      phase === 'done' ? 0 : remaining === 0 ? 0 : tracksPerSec > 0 ? Math.round(remaining / tracksPerSec) : null
    return {
      phase,
      found: run.found,
      tagged: run.tagged,
      analysed: run.analysed,
      failed: run.failed,
      skipped: run.skipped,
      pending,
      current: [...run.inFlight.values()].map((f) => f.track.path),
      tracksPerSec: round(tracksPerSec, 2),
      realtimeFactor: round(realtimeFactor, 1),
      etaSec,
      elapsedSec: round(((run.finishedAt || now) - run.startedAt) / 1000, 1),
      recentFailures: run.failures
        .slice(-IMPORT_RECENT_MAX)
        .reverse()
        .map(({ id, path, error }) => ({ id, path, error })),
      recentSkipped: run.skippedEntries.slice(-IMPORT_RECENT_MAX).reverse(),
      background: run.background,
      newlyMissing: run.newlyMissing,
    }
  }

  /** Throughput over the last RATE_WINDOW_MS (since the analysis began when that is shorter). */
  private rates(run: Run, now: number): { tracksPerSec: number; realtimeFactor: number } {
    if (!run.analysisStartedAt || run.completions.length === 0) return { tracksPerSec: 0, realtimeFactor: 0 }
    const from = Math.max(run.analysisStartedAt, now - RATE_WINDOW_MS)
    const span = Math.max(1, now - from) / 1000
    let n = 0
    let audio = 0
    for (const c of run.completions) {
      if (c.t >= from) {
        n++
        audio += c.audioSec
      }
    }
    return { tracksPerSec: n / span, realtimeFactor: audio / span }
  }

  private requestEmit(immediate = false): void {
    if (!this.opts.onProgress && !this.opts.onChanged) return
    const interval = 1000 / (this.opts.progressHz ?? 10)
    const wait = this.lastEmit + interval - Date.now()
    if (wait <= 0 && (immediate || !this.emitTimer)) {
      if (this.emitTimer) clearTimeout(this.emitTimer)
      this.emitTimer = null
      this.emit()
      return
    }
    if (!this.emitTimer) {
      this.emitTimer = setTimeout(
        () => {
          this.emitTimer = null
          this.emit()
        },
        Math.max(0, wait),
      )
    }
  }

  /** Emits the final state, respecting the rate limit. */
  private async flushEmit(): Promise<void> {
    if (!this.opts.onProgress && !this.opts.onChanged) return
    if (this.emitTimer) clearTimeout(this.emitTimer)
    this.emitTimer = null
    const interval = 1000 / (this.opts.progressHz ?? 10)
    // Another event may go out while this waits (before the run is marked finished): wait again from it.
    for (let wait = this.lastEmit + interval - Date.now(); wait > 0; wait = this.lastEmit + interval - Date.now())
      await new Promise((r) => setTimeout(r, wait))
    if (this.emitTimer) clearTimeout(this.emitTimer)
    this.emitTimer = null
    this.emit(true)
  }

  private emit(final = false): void {
    // While a run winds down, only its final event (flushEmit) goes out, so 'done' is reported once.
    if (!final && this.run?.finished) return
    this.lastEmit = Date.now()
    if (this.changedIds.size > 0 && this.opts.onChanged) {
      const ids = [...this.changedIds]
      this.changedIds.clear()
      this.opts.onChanged(ids)
    }
    this.opts.onProgress?.(this.progress())
  }
}

const round = (v: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
