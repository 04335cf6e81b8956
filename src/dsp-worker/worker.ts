/**
 * DSP worker process entry (built to out/main/worker.js): receives `{ id, path }` jobs and answers
 * `{ id, result }` or `{ id, error, code }` (src/shared/worker-protocol.ts), one job at a time in
 * arrival order. Sends `{ type: 'ready', pid }` once listening, and `{ type: 'stats', rssBytes }` after
 * each answer so the pool can recycle a worker that grew too large where it cannot read /proc.
 *
 * Runs either as an Electron utility process (messages arrive as `event.data` on `process.parentPort`,
 * replies go through `parentPort.postMessage`) or as a Node child process (`process.on('message')`,
 * `process.send`). Bad input never kills it: every failure becomes an error reply. It exits when the
 * parent goes away (IPC disconnect, the parent port closing, or — mid-decode — parent-watch.ts).
 */
import type { WorkerJob, WorkerMessage } from '../shared/worker-protocol'
import { analyzeFile } from './analyze-file'
import { decoderFromEnv } from './decoders/index'
import { toAnalysisError } from './errors'
import { collectGarbage } from './gc'
import { watchParent } from './parent-watch'

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  on(event: 'close', listener: () => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg)
  // With a callback, a channel closing under us (parent gone) is an ignored error, not an exception.
  else if (process.send && process.connected) process.send(msg, undefined, undefined, () => {})
}

function isJob(m: unknown): m is WorkerJob {
  const j = m as WorkerJob
  return typeof j === 'object' && j !== null && typeof j.id === 'number' && typeof j.path === 'string'
}

/**
 * A full collection between files, once RSS has grown by GC_GROWTH_BYTES since the last one: it
 * returns the analysis' buffers instead of letting the heap grow toward V8's limits, while not
 * throwing away optimised analysis code after every file (measurements:
 * docs/analysis-performance.md).
 * In-memory decodes (decoders/webaudio.ts) still collect after each file, for their native memory.
 */
const GC_GROWTH_BYTES = 32 * 1024 * 1024
let rssAfterGc = process.memoryUsage.rss()

/** Collects when RSS has grown enough since the last collection; returns the current RSS. */
function collectIfGrown(): number {
  let rss = process.memoryUsage.rss()
  if (rss > rssAfterGc + GC_GROWTH_BYTES) {
    collectGarbage()
    rss = process.memoryUsage.rss()
    rssAfterGc = rss
  }
  return rss
}

/** Exits once the parent is gone, even in the middle of a synchronous decode (see parent-watch.ts). */
const parentAlive = watchParent()

const queue: WorkerJob[] = []
let busy = false
const decoder = decoderFromEnv()

async function drain(): Promise<void> {
  if (busy) return
  busy = true
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        const result = await analyzeFile(job.path, { decoder, onChunk: parentAlive })
        send({ id: job.id, result })
      } catch (err) {
        const e = toAnalysisError(err)
        send({ id: job.id, error: e.message, code: e.code })
      }
      send({ type: 'stats', rssBytes: collectIfGrown() })
    }
  } finally {
    busy = false
  }
}

function onMessage(m: unknown): void {
  if (!isJob(m)) {
    const id = typeof (m as { id?: unknown })?.id === 'number' ? (m as { id: number }).id : -1
    send({ id, error: 'invalid job: expected { id: number, path: string }', code: 'internal' })
    return
  }
  queue.push(m)
  void drain()
}

// A bug must not take the worker down with a job in flight; report it and keep serving.
process.on('uncaughtException', (err) => {
  process.stderr.write(`soundprint worker: uncaught ${err.stack ?? err}\n`)
})
process.on('unhandledRejection', (err) => {
  process.stderr.write(`soundprint worker: unhandled rejection ${String(err)}\n`)
})

if (parentPort) {
  parentPort.on('message', (e) => onMessage(e.data))
  parentPort.on('close', () => process.exit(0))
} else if (process.send) {
  process.on('message', onMessage)
  process.on('disconnect', () => process.exit(0))
} else {
  process.stderr.write('soundprint worker: start me as a child process (fork) or an Electron utility process\n')
  process.exit(2)
}

send({ type: 'ready', pid: process.pid })
