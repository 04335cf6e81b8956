/**
 * The DSP pool: N worker processes (default: the machine's available parallelism), each analysing one
 * file at a time. Workers start lazily on first use and are kept warm between jobs.
 *
 * Faults never stop the pool:
 * - a job that runs past its timeout → its worker is killed and replaced, outcome `timeout`. The
 *   timeout is the largest of 60 s, 5 s per MB of file and, when the caller knows the audio's
 *   duration (from the tags), 0.25 s per second of audio: the work follows the duration, not the size
 *   (a low-bitrate 30-minute file is small), and 4× realtime leaves a wide margin on a slow, busy
 *   laptop for an engine that runs at ≈ 100× or more;
 * - a worker that exits mid-job (crash, OOM, SIGKILL) → outcome `crashed` with the exit code or signal,
 *   and it is replaced;
 * - a worker whose resident memory passed `maxWorkerRssMb` is recycled between jobs (RSS read from
 *   /proc/<pid>/status where it exists, else from the worker's own `{type:'stats'}` reports).
 *
 * `run()` resolves with a `JobOutcome` for everything that is about the file (including timeout and
 * crash, so the caller can mark the track failed with the reason). It rejects only when the pool
 * itself cannot work — it was closed, or workers cannot even start — so the caller keeps the track
 * pending instead of blaming the file.
 */
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import type { FingerprintResult } from '../../shared/dimensions'
import type { AnalysisErrorCode, WorkerJob, WorkerMessage } from '../../shared/worker-protocol'
import { readProcMemory } from './proc-memory'
import type { WorkerHandle, WorkerSpawner } from './worker-spawner'

export type JobOutcome =
  | { ok: true; result: FingerprintResult }
  | { ok: false; error: string; code: AnalysisErrorCode | 'timeout' | 'crashed' }

export interface DspPoolOptions {
  /** Number of workers (default: os.availableParallelism()). */
  size?: number
  spawner: WorkerSpawner
  /** Minimum time a job may take before its worker is killed (default 60 000 ms). */
  jobTimeoutMs?: number
  /** Allowance per MB of input file, so long files get longer (default 5000 ms). */
  jobTimeoutPerMbMs?: number
  /** Allowance per second of audio when the job's duration is known (default 250 ms). */
  jobTimeoutPerAudioSecMs?: number
  /** A worker whose RSS exceeds this is recycled between jobs (default 512 MB). */
  maxWorkerRssMb?: number
  /** A worker that has not said `ready` within this time is killed (default 30 000 ms). */
  startupTimeoutMs?: number
}

/** Counters for diagnostics and the library benchmark. */
interface DspPoolStats {
  spawned: number
  jobs: number
  crashed: number
  timedOut: number
  recycled: number
  /** Largest resident set seen in any worker (VmHWM, or the largest reported RSS), in bytes. */
  peakWorkerRssBytes: number
}

interface Pending {
  job: WorkerJob
  timeoutMs: number
  resolve: (o: JobOutcome) => void
  reject: (e: Error) => void
}

interface Slot {
  index: number
  handle: WorkerHandle | null
  ready: boolean
  pending: Pending | null
  timer: NodeJS.Timeout | null
  /** Settles when the current handle's process has exited. */
  exited: Promise<void>
  /** Last RSS the worker reported about itself (bytes), where /proc is not available. */
  reportedRss: number
}

/** After this many workers in a row die before saying `ready`, queued jobs are rejected. */
const MAX_START_FAILURES = 3

export class DspPool {
  readonly size: number
  private readonly spawner: WorkerSpawner
  private readonly jobTimeoutMs: number
  private readonly jobTimeoutPerMbMs: number
  private readonly jobTimeoutPerAudioSecMs: number
  private readonly maxRssBytes: number
  private readonly startupTimeoutMs: number
  private readonly slots: Slot[]
  private readonly queue: Pending[] = []
  /** Killed handles that have not exited yet (close() waits for them). */
  private readonly dying = new Set<Promise<void>>()
  private startFailures = 0
  private closed = false
  private readonly counters: DspPoolStats = {
    spawned: 0,
    jobs: 0,
    crashed: 0,
    timedOut: 0,
    recycled: 0,
    peakWorkerRssBytes: 0,
  }

  constructor(opts: DspPoolOptions) {
    const size = opts.size !== undefined && Number.isFinite(opts.size) && opts.size >= 1 ? Math.floor(opts.size) : 0
    this.size = size || Math.max(1, availableParallelism())
    this.spawner = opts.spawner
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 60_000
    this.jobTimeoutPerMbMs = opts.jobTimeoutPerMbMs ?? 5000
    this.jobTimeoutPerAudioSecMs = opts.jobTimeoutPerAudioSecMs ?? 250
    this.maxRssBytes = (opts.maxWorkerRssMb ?? 512) * 1024 * 1024
    this.startupTimeoutMs = opts.startupTimeoutMs ?? 30_000
    this.slots = Array.from({ length: this.size }, (_, index) => ({
      index,
      handle: null,
      ready: false,
      pending: null,
      timer: null,
      exited: Promise.resolve(),
      reportedRss: 0,
    }))
  }

  /** Jobs running in a worker right now. */
  get busy(): number {
    let n = 0
    for (const s of this.slots) if (s.pending) n++
    return n
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length
  }

  /** Process ids of the live workers (for memory sampling). */
  get workerPids(): number[] {
    const pids: number[] = []
    for (const s of this.slots) if (s.handle?.pid !== undefined) pids.push(s.handle.pid)
    return pids
  }

  stats(): DspPoolStats {
    return { ...this.counters }
  }

  /** Analyses one file; `hints.durationSec` (e.g. from the tags) lets long audio have a longer timeout. */
  async run(job: WorkerJob, hints: { durationSec?: number | null } = {}): Promise<JobOutcome> {
    if (this.closed) throw new Error('the DSP pool is closed')
    const timeoutMs = await this.timeoutFor(job.path, hints.durationSec)
    return new Promise<JobOutcome>((resolve, reject) => {
      if (this.closed) return reject(new Error('the DSP pool is closed'))
      this.queue.push({ job, timeoutMs, resolve, reject })
      this.pump()
    })
  }

  /** Stops every worker. Queued and running jobs are rejected (their tracks stay pending). */
  async close(): Promise<void> {
    if (this.closed) {
      await Promise.all(this.dying)
      return
    }
    this.closed = true
    const err = new Error('the DSP pool is closed')
    for (const p of this.queue.splice(0)) p.reject(err)
    for (const slot of this.slots) {
      const p = slot.pending
      this.clearJob(slot)
      p?.reject(err)
      this.retire(slot)
    }
    await Promise.all(this.dying)
  }

  private async timeoutFor(path: string, durationSec: number | null | undefined): Promise<number> {
    let bytes = 0
    try {
      bytes = (await stat(path)).size
    } catch {
      // The worker reports a missing or unreadable file with a proper error code.
    }
    const bySize = (bytes / (1024 * 1024)) * this.jobTimeoutPerMbMs
    const byDuration =
      typeof durationSec === 'number' && Number.isFinite(durationSec) && durationSec > 0
        ? durationSec * this.jobTimeoutPerAudioSecMs
        : 0
    return Math.max(this.jobTimeoutMs, bySize, byDuration)
  }

  /** Hands queued jobs to ready workers, starting workers as needed. */
  private pump(): void {
    if (this.closed) return
    let starting = 0
    for (const slot of this.slots) {
      if (slot.handle && slot.ready && !slot.pending && this.queue.length > 0) this.dispatch(slot, this.queue.shift()!)
      else if (slot.handle && !slot.ready) starting++
    }
    // Start only as many workers as there are jobs left for them.
    for (const slot of this.slots) {
      if (this.queue.length <= starting) return
      if (!slot.handle) {
        this.spawn(slot)
        starting++
      }
    }
  }

  private spawn(slot: Slot): void {
    let handle: WorkerHandle
    try {
      handle = this.spawner.spawn(slot.index)
    } catch (e) {
      this.failStart(e instanceof Error ? e.message : String(e), true)
      return
    }
    this.counters.spawned++
    slot.handle = handle
    slot.ready = false
    slot.reportedRss = 0
    const startTimer = setTimeout(() => {
      if (slot.handle === handle && !slot.ready) {
        this.retire(slot)
        this.failStart(`a worker did not start within ${this.startupTimeoutMs} ms`, false)
      }
    }, this.startupTimeoutMs)
    startTimer.unref()
    handle.onMessage((msg) => {
      if (slot.handle !== handle) return
      this.onMessage(slot, msg, startTimer)
    })
    slot.exited = new Promise<void>((resolve) => {
      handle.onExit((code, signal) => {
        clearTimeout(startTimer)
        resolve()
        if (slot.handle === handle) this.onExit(slot, code, signal)
      })
    })
  }

  private onMessage(slot: Slot, msg: WorkerMessage, startTimer: NodeJS.Timeout): void {
    if (!msg || typeof msg !== 'object') return
    if ('type' in msg) {
      if (msg.type === 'ready') {
        clearTimeout(startTimer)
        slot.ready = true
        this.startFailures = 0
        this.pump()
      } else if (msg.type === 'stats' && Number.isFinite(msg.rssBytes)) {
        slot.reportedRss = msg.rssBytes
        this.counters.peakWorkerRssBytes = Math.max(this.counters.peakWorkerRssBytes, msg.rssBytes)
        if (!slot.pending) this.recycleIfLarge(slot)
      }
      return
    }
    const p = slot.pending
    if (!p || msg.id !== p.job.id) return // a late answer to a job we already gave up on
    this.clearJob(slot)
    this.counters.jobs++
    if ('result' in msg) p.resolve({ ok: true, result: msg.result })
    else p.resolve({ ok: false, error: String(msg.error), code: msg.code ?? 'internal' })
    this.recycleIfLarge(slot)
    this.pump()
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    const wasReady = slot.ready
    const p = slot.pending
    this.clearJob(slot)
    slot.handle = null
    slot.ready = false
    const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`
    if (p) {
      this.counters.crashed++
      p.resolve({ ok: false, code: 'crashed', error: `the analysis worker ${how} while analysing this file` })
    } else if (!wasReady && !this.closed) {
      this.failStart(`a worker ${how} before it was ready`, false)
      return
    }
    this.pump()
  }

  /** A worker could not start: retry a few times, then reject what is queued (the files are not to blame). */
  private failStart(reason: string, fatal: boolean): void {
    this.startFailures++
    if (fatal || this.startFailures >= MAX_START_FAILURES) {
      const err = new Error(`the DSP workers cannot start: ${reason}`)
      for (const p of this.queue.splice(0)) p.reject(err)
      this.startFailures = 0
      return
    }
    this.pump()
  }

  private dispatch(slot: Slot, p: Pending): void {
    const handle = slot.handle!
    slot.pending = p
    slot.timer = setTimeout(() => {
      if (slot.pending !== p) return
      this.clearJob(slot)
      this.counters.timedOut++
      p.resolve({
        ok: false,
        code: 'timeout',
        error: `analysis took longer than ${Math.round(p.timeoutMs / 1000)} s; the worker was stopped`,
      })
      this.retire(slot)
      this.pump()
    }, p.timeoutMs)
    handle.send(p.job)
  }

  private clearJob(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer)
    slot.timer = null
    slot.pending = null
  }

  /** Measures an idle worker and replaces it when it grew past the limit. */
  private recycleIfLarge(slot: Slot): void {
    const pid = slot.handle?.pid
    const proc = pid !== undefined ? readProcMemory(pid) : null
    if (proc) this.counters.peakWorkerRssBytes = Math.max(this.counters.peakWorkerRssBytes, proc.peakRssBytes)
    const rss = proc ? proc.rssBytes : slot.reportedRss
    if (rss > this.maxRssBytes) {
      this.counters.recycled++
      this.retire(slot)
    }
  }

  /** Detaches a worker from its slot and stops it; the slot gets a fresh worker when needed. */
  private retire(slot: Slot): void {
    const handle = slot.handle
    slot.handle = null
    slot.ready = false
    if (!handle) return
    const tracked: Promise<void> = slot.exited.then(() => {
      this.dying.delete(tracked)
    })
    this.dying.add(tracked)
    handle.kill()
  }
}
