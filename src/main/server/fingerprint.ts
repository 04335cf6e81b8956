/**
 * The routes of the standalone fingerprint server that users already script against, kept
 * compatible:
 * - `GET /health` → `{"status": "healthy", "version", "uptimeSec"}`
 * - `POST /fingerprint` with `{"filepath", "track_id"?}` → `{"track_id", "fingerprint": {…25 keys…},
 *   "metadata": {"durationSec", "sampleRate", "channels", "codec"}, "processing_time_ms"}`.
 *   Errors are `{"error": "…"}`: 400 bad input or undecodable audio, 404 missing file, 415 unsupported
 *   format, 503 when too many analyses are queued, 500 otherwise. Without a token, `filepath` must be
 *   absolute and anything that is not a regular file the server can read is "missing" (404), so the
 *   answers reveal nothing about files the server cannot read, folders, devices or its working folder.
 * The analysis runs in a DSP worker process (never on the server's event loop), so other requests
 * are answered while a file is being fingerprinted.
 */
import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAbsolute, resolve } from 'node:path'
import type { WorkerJob } from '../../shared/worker-protocol'
import type { JobOutcome } from '../core/pool'
import { int, obj, optional, type Schema, str, ValidationError } from '../core/validate'
import { HttpError, readJson, sendJson } from './http'

/** What /fingerprint needs from the DSP pool. */
export interface Analyzer {
  run(job: WorkerJob): Promise<JobOutcome>
  close(): Promise<void>
}

/** HTTP status for each outcome code of the engine and the pool. */
const STATUS_BY_CODE: Readonly<Record<Exclude<JobOutcome, { ok: true }>['code'], number>> = {
  not_found: 404,
  unreadable: 400,
  empty: 400,
  corrupt: 400,
  unsupported: 415,
  decoder_missing: 500,
  internal: 500,
  timeout: 500,
  crashed: 500,
}

const trackIdSchema: Schema<string | number> = (v, path) =>
  typeof v === 'number'
    ? int({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })(v, path)
    : str({ min: 1, max: 1000 })(v, path)

const requestSchema = obj<{ filepath: string; track_id?: string | number }>({
  filepath: str({ min: 1, max: 4096 }),
  track_id: optional(trackIdSchema),
})

export class FingerprintRoutes {
  private readonly startedAt = Date.now()
  private nextJobId = 1
  private inFlight = 0

  constructor(
    private readonly analyzer: Analyzer,
    private readonly version: string,
    private readonly maxBodyBytes: number,
    /** Analyses queued or running at once; more get 503 (the pool works through them one per worker). */
    private readonly maxInFlight = 64,
    /**
     * Without a token (anyone on this machine may call): absolute paths only, and anything but a regular
     * file the server can open answers exactly like a missing file. With a token, relative paths resolve
     * against the server's working folder and errors say what is wrong with the file.
     */
    private readonly strictPaths = true,
  ) {}

  health(res: ServerResponse): void {
    sendJson(res, 200, {
      status: 'healthy',
      version: this.version,
      uptimeSec: Math.round((Date.now() - this.startedAt) / 100) / 10,
    })
  }

  async fingerprint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now()
    const body = await readJson(req, this.maxBodyBytes)
    let parsed: { filepath: string; track_id?: string | number }
    try {
      parsed = requestSchema(body, '')
    } catch (err) {
      if (err instanceof ValidationError) throw new HttpError(400, err.message, err.code)
      throw err
    }
    const trackId = parsed.track_id ?? randomUUID()
    let path: string
    if (this.strictPaths) {
      if (!isAbsolute(parsed.filepath)) {
        throw new HttpError(400, 'filepath must be an absolute path', 'invalid_request')
      }
      path = resolve(parsed.filepath)
      // Whatever is not a regular file this server may read looks missing: no map of the disk.
      if (!(await isReadableRegularFile(path))) throw new HttpError(404, `file not found: ${path}`, 'not_found')
    } else {
      path = resolve(parsed.filepath)
      const info = await stat(path).catch((err: NodeJS.ErrnoException) => err)
      if (info instanceof Error) {
        if (info.code === 'ENOENT' || info.code === 'ENOTDIR')
          throw new HttpError(404, `file not found: ${path}`, 'not_found')
        throw new HttpError(400, `cannot read ${path}: ${info.code ?? info.message}`, 'unreadable')
      }
      if (!info.isFile()) throw new HttpError(400, `not a file: ${path}`, 'unreadable')
    }

    if (this.inFlight >= this.maxInFlight) {
      throw new HttpError(503, `busy: ${this.inFlight} analyses are queued; retry later`, 'busy', {
        'Retry-After': '5',
      })
    }
    this.inFlight++
    let outcome: JobOutcome
    try {
      outcome = await this.analyzer.run({ id: this.nextJobId++, path })
    } catch (err) {
      throw new HttpError(500, `analysis could not run: ${(err as Error).message}`, 'internal')
    } finally {
      this.inFlight--
    }
    if (!outcome.ok) {
      throw new HttpError(STATUS_BY_CODE[outcome.code] ?? 500, outcome.error, outcome.code)
    }
    const r = outcome.result
    sendJson(res, 200, {
      track_id: trackId,
      fingerprint: r.fingerprint,
      metadata: { durationSec: r.durationSec, sampleRate: r.sampleRate, channels: r.channels, codec: r.codec },
      processing_time_ms: Math.round((performance.now() - t0) * 10) / 10,
    })
  }
}

/**
 * Whether `path` opens for reading as a regular file. Opened non-blocking, so a FIFO does not hang the
 * request, and checked on the opened descriptor, so what was checked is what was opened.
 */
async function isReadableRegularFile(path: string): Promise<boolean> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => null)
  if (!handle) return false
  try {
    return (await handle.stat()).isFile()
  } catch {
    return false
  } finally {
    await handle.close().catch(() => {})
  }
}
