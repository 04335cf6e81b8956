/**
 * How the DSP pool starts a worker process, behind one small interface: `child_process.fork` under
 * Node (CLI, server, tests) and `utilityProcess.fork` inside Electron (src/main/electron/…).
 * The worker entry is out/main/worker.js (src/dsp-worker/worker.ts); messages are those of
 * `src/shared/worker-protocol.ts`.
 */
import type { WorkerJob, WorkerMessage } from '../../shared/worker-protocol'

export interface WorkerHandle {
  readonly pid: number | undefined
  send(job: WorkerJob): void
  onMessage(listener: (msg: WorkerMessage) => void): void
  /** Called once when the process ends, for any reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}

export interface WorkerSpawner {
  spawn(index: number): WorkerHandle
}
