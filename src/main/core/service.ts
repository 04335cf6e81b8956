/**
 * The core as one object: the library database, the importer with its DSP pool, and similarity,
 * exposed as handlers for every method of the API contract (`src/shared/api.ts`) plus its events.
 * The HTTP server (`soundprint serve`) and the Electron IPC layer are thin transports over this.
 * STUB — to be implemented.
 */
import type { ApiEvent, ApiEvents, ApiMethod, ApiRequest, ApiResponse } from '../../shared/api'
import type { WorkerSpawner } from './worker-spawner'

export type ApiHandlers = { [M in ApiMethod]: (req: ApiRequest<M>) => Promise<ApiResponse<M>> }

export interface Core {
  readonly api: ApiHandlers
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
  /** The file behind a track id, for audio streaming (null when unknown). Never accept raw paths from clients. */
  audioFile(id: number): { path: string; mime: string } | null
  /** Stops the workers (pending work stays pending) and closes the database. */
  close(): Promise<void>
}

export interface CoreOptions {
  dbPath: string
  /** Number of DSP workers (default: available parallelism). */
  workers?: number
  /** How workers are started: child_process.fork under Node (default), utilityProcess.fork in Electron. */
  spawner?: WorkerSpawner
  /** better-sqlite3 binary to load instead of node_modules' (the Electron-ABI build inside the desktop app). */
  sqliteNativeBinding?: string
}

export async function openCore(_opts: CoreOptions): Promise<Core> {
  throw new Error('openCore: not implemented yet')
}
