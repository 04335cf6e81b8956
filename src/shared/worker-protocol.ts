/**
 * Messages between the DSP pool (main process) and a worker process. The same messages travel over
 * Electron's `process.parentPort` (utility process) and Node's `process.send` (child process).
 */
import type { FingerprintResult } from './dimensions'

/** main → worker: analyse one file. */
export interface WorkerJob {
  id: number
  path: string
}

/** Stable error codes so callers can map failures (e.g. HTTP 400/404/415). */
export type AnalysisErrorCode =
  | 'not_found' // the file does not exist
  | 'unreadable' // permission denied, a directory, I/O error
  | 'empty' // zero bytes
  | 'unsupported' // not an audio format we know (e.g. a text file, an image)
  | 'corrupt' // an audio format we know, but the data cannot be decoded
  | 'decoder_missing' // needs ffmpeg and ffmpeg is not on the PATH
  | 'internal' // a bug: never expected

/** worker → main */
export type WorkerMessage =
  | { type: 'ready'; pid: number }
  | { id: number; result: FingerprintResult }
  | { id: number; error: string; code: AnalysisErrorCode }
  /**
   * Optional, sent after each answer: the worker's own memory (`process.memoryUsage().rss`). The pool
   * uses it to recycle a worker that grew too large where /proc/<pid>/status cannot be read (macOS,
   * Windows, Electron utility processes).
   */
  | { type: 'stats'; rssBytes: number }
