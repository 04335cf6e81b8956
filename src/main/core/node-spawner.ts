/**
 * The DSP worker spawner for plain Node (CLI, `soundprint serve`, tests): one `child_process.fork` of
 * the built worker entry out/main/worker.js per worker. Electron uses `utilityProcess.fork` behind the
 * same `WorkerSpawner` interface.
 *
 * The worker entry is found, in order: `SOUNDPRINT_WORKER` (a path), then `worker.js` beside or above the
 * running module (bundled code may sit in out/main/ or out/main/chunks/), then out/main/worker.js in an
 * ancestor folder (running from src/ under vitest). A missing entry throws a clear error at spawn time
 * instead of producing workers that die on start.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WorkerJob, WorkerMessage } from '../../shared/worker-protocol'
import type { WorkerHandle, WorkerSpawner } from './worker-spawner'

/** After a polite SIGTERM, a worker that has not exited within this time is SIGKILLed. */
const KILL_GRACE_MS = 2000

/** Absolute path of the worker entry (see the module comment for the search order). */
export function resolveWorkerEntry(env: NodeJS.ProcessEnv = process.env, from: string = import.meta.url): string {
  const override = env.SOUNDPRINT_WORKER
  if (override) {
    const p = resolve(override)
    if (!existsSync(p)) throw new Error(`SOUNDPRINT_WORKER points to ${p}, which does not exist`)
    return p
  }
  let dir = from.startsWith('file:') ? dirname(fileURLToPath(from)) : dirname(from)
  const tried: string[] = []
  for (let depth = 0; depth < 8; depth++) {
    // Bundled: out/main/cli.js or out/main/chunks/x.js → out/main/worker.js. Source: <repo>/out/main/worker.js.
    for (const candidate of [join(dir, 'worker.js'), join(dir, 'out', 'main', 'worker.js')]) {
      tried.push(candidate)
      if (existsSync(candidate) && isWorkerEntry(candidate)) return candidate
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new Error(
    `the DSP worker entry (out/main/worker.js) was not found; run \`npm run build\` or set SOUNDPRINT_WORKER (looked at ${tried.slice(0, 4).join(', ')}, …)`,
  )
}

/** A file named worker.js beside a bundled module is ours only if it sits in an out/main-like folder. */
function isWorkerEntry(p: string): boolean {
  const parent = dirname(p)
  return parent.endsWith(join('out', 'main')) || existsSync(join(parent, 'cli.js'))
}

class NodeWorkerHandle implements WorkerHandle {
  private exited = false
  private killTimer: NodeJS.Timeout | undefined

  constructor(private readonly child: ChildProcess) {
    child.once('exit', () => {
      this.exited = true
      if (this.killTimer) clearTimeout(this.killTimer)
    })
    // A send to a dying child emits 'error' (EPIPE / channel closed); the exit listener reports the death.
    child.on('error', () => {})
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  send(job: WorkerJob): void {
    if (this.exited || !this.child.connected) return
    this.child.send(job, (err) => {
      // The exit event reports what happened to the process; nothing else to do here.
      void err
    })
  }

  onMessage(listener: (msg: WorkerMessage) => void): void {
    this.child.on('message', (m) => listener(m as WorkerMessage))
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    if (this.exited) {
      queueMicrotask(() => listener(this.child.exitCode, this.child.signalCode))
      return
    }
    this.child.once('exit', (code, signal) => listener(code, signal))
  }

  /** SIGTERM, then SIGKILL if the process is still alive after a short grace period. */
  kill(): void {
    if (this.exited) return
    this.child.kill('SIGTERM')
    if (!this.killTimer) {
      this.killTimer = setTimeout(() => {
        if (!this.exited) this.child.kill('SIGKILL')
      }, KILL_GRACE_MS)
      this.killTimer.unref()
    }
  }
}

export function createNodeSpawner(entry?: string): WorkerSpawner {
  let resolved = entry
  return {
    spawn(index: number): WorkerHandle {
      resolved ??= resolveWorkerEntry()
      const child = fork(resolved, [], {
        // Not the parent's flags (a test runner's loaders, --inspect ports): a worker is a plain Node process.
        execArgv: [],
        env: { ...process.env, SOUNDPRINT_WORKER_INDEX: String(index) },
        // The worker's stdout goes to our stderr: `--json` output on stdout must stay machine-readable.
        stdio: ['ignore', 2, 2, 'ipc'],
        serialization: 'json',
      })
      return new NodeWorkerHandle(child)
    },
  }
}

/** The default spawner under Node: child_process.fork of out/main/worker.js (resolved lazily). */
export const nodeSpawner: WorkerSpawner = createNodeSpawner()
