/**
 * `soundprint scan [--db PATH] [--workers N] [--json] FOLDER…`: adds the folders to the library and
 * imports them — walk, tags, fingerprints — then analyses anything else still pending in the library.
 *
 * Output: on a terminal, a progress bar (stderr) with counts, rate and ETA, then a summary listing the
 * failed files with their reasons. With --json, one JSON object per line on stdout:
 * `{"event":"progress",…ImportProgress}` as work advances (≤ 10 a second), `{"event":"failed","id","path",
 * "error","code"}` per failure, `{"event":"skipped","path","reason"}` per file or folder the walk passed over
 * (unreadable folder, dangling link, named pipe, …), and last `{"event":"done","tracks","analysed","failed",
 * "skipped","missing","elapsedSec"}` (`skipped` counts unchanged or already known files). Exit 0 even when files failed; 1 when the scan could not run (unusable library file,
 * workers that cannot start), 2 for bad arguments, 130 when interrupted (pending work stays pending).
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { ImportProgress } from '../../shared/api'
import { LibraryFileError } from '../core/db'
import { Importer, type ImportFailure, type ImportSummary } from '../core/importer'
import { Library } from '../core/library'
import { nodeSpawner } from '../core/node-spawner'
import { resolveDbPath } from '../core/paths'
import { jsonLine, safe } from './terminal'

export const SCAN_USAGE = `usage: soundprint scan [--db PATH] [--workers N] [--json] FOLDER…

Adds the folders to the library and fingerprints every audio file in them. Rescans are incremental.
  --db PATH      library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --workers N    DSP worker processes (default: one per CPU core)
  --json         one JSON event per line instead of the progress bar
`

const write = (s: string) => process.stdout.write(s)

export async function scan(argv: string[]): Promise<number> {
  let values: { db?: string; workers?: string; json?: boolean; help?: boolean }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }))
  } catch (err) {
    process.stderr.write(`soundprint scan: ${(err as Error).message}\n\n${SCAN_USAGE}`)
    return 2
  }
  if (values.help) {
    write(SCAN_USAGE)
    return 0
  }
  if (positionals.length === 0) {
    process.stderr.write(`soundprint scan: no folder given\n\n${SCAN_USAGE}`)
    return 2
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
    process.stderr.write(`soundprint scan: --workers must be an integer 1..256, got "${values.workers}"\n`)
    return 2
  }
  const folders: string[] = []
  for (const p of positionals) {
    const abs = resolve(p)
    let isDir = false
    try {
      isDir = statSync(abs).isDirectory()
    } catch {
      process.stderr.write(`soundprint scan: folder not found: ${safe(abs)}\n`)
      return 2
    }
    if (!isDir) {
      process.stderr.write(`soundprint scan: not a folder: ${safe(abs)}\n`)
      return 2
    }
    folders.push(abs)
  }

  const dbPath = resolveDbPath(values.db)
  let lib: Library
  try {
    lib = Library.open(dbPath)
  } catch (err) {
    const msg =
      err instanceof LibraryFileError ? err.message : `cannot open the library ${dbPath}: ${(err as Error).message}`
    process.stderr.write(`soundprint scan: ${safe(msg)}\n`)
    return 1
  }

  const json = !!values.json
  const bar = !json && process.stderr.isTTY ? new ProgressBar() : null
  const importer = new Importer({
    library: lib,
    spawner: nodeSpawner,
    workers,
    onProgress: (p) => {
      if (json) write(jsonLine({ event: 'progress', ...p }))
      else bar?.draw(p)
    },
    onFailure: (f) => {
      if (json) write(jsonLine({ event: 'failed', id: f.id, path: f.path, error: f.error, code: f.code }))
    },
  })

  let interrupted = false
  const onSignal = () => {
    if (interrupted) process.exit(130)
    interrupted = true
    process.stderr.write('\nsoundprint scan: stopping (pending tracks stay queued for the next scan)…\n')
    void importer.cancel()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let summary: ImportSummary
  try {
    const roots = lib.transaction(() => folders.map((f) => lib.addRoot(f)))
    summary = await importer.scan([...new Set(roots.map((r) => r.id))])
  } catch (err) {
    bar?.clear()
    process.stderr.write(`soundprint scan: ${safe((err as Error).message)}\n`)
    await importer.close()
    lib.close()
    return 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  bar?.clear()
  await importer.close()
  lib.close()

  if (json) {
    const { tracks, analysed, failed, skipped, missing, elapsedSec } = summary
    for (const e of summary.skippedEntries) write(jsonLine({ event: 'skipped', path: e.path, reason: e.reason }))
    write(
      jsonLine({
        event: 'done',
        tracks,
        analysed,
        failed,
        skipped,
        missing,
        elapsedSec: round1(elapsedSec),
        ...(summary.cancelled ? { cancelled: true } : {}),
        ...(summary.error ? { error: summary.error } : {}),
      }),
    )
  } else {
    write(formatSummary(summary, folders.length))
  }
  if (summary.error) {
    process.stderr.write(`soundprint scan: ${safe(summary.error)}\n`)
    return 1
  }
  return interrupted ? 130 : 0
}

const round1 = (v: number) => Math.round(v * 10) / 10

function formatSummary(s: ImportSummary, folders: number): string {
  const lines = [
    `${s.cancelled ? 'Stopped' : 'Scanned'} ${folders} folder${folders === 1 ? '' : 's'} in ${round1(s.elapsedSec)} s: ` +
      `${s.found} audio files found, ${s.analysed} analysed, ${s.failed} failed, ${s.skipped} unchanged or already known, ` +
      `${s.newlyMissing} newly missing.`,
    `Library: ${s.tracks} tracks (${s.missing} missing).`,
  ]
  if (s.failures.length > 0) {
    lines.push(`Failed (${s.failures.length}):`)
    for (const f of s.failures) lines.push(`  ${safe(f.path)}: ${safe(f.error)}`)
  }
  if (s.skippedEntries.length > 0) {
    lines.push(`Skipped, not imported (${s.skippedEntries.length}):`)
    for (const e of s.skippedEntries) lines.push(`  ${safe(e.path)}: ${safe(e.reason)}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * The progress line for a terminal `cols` wide: always the counts (processed/total), then, while they
 * fit, the bar and the other fields from the most to the least useful; a field that does not fit is
 * dropped whole, never cut. The bar shrinks before it goes; on a terminal narrower than the counts
 * alone, the counts are still printed whole.
 */
export function formatProgressLine(p: ImportProgress, cols: number): string {
  const processed = p.analysed + p.failed + p.skipped
  const total = processed + p.pending + p.current.length
  const counts = `${processed}/${total}`
  const eta = p.etaSec === null ? '--:--' : formatDuration(p.etaSec)
  const fields = [
    p.phase,
    `ETA ${eta}`,
    `failed ${p.failed}`,
    `${p.tracksPerSec.toFixed(1)} tracks/s`,
    `${p.realtimeFactor.toFixed(0)}× realtime`,
    `analysed ${p.analysed}`,
    `skipped ${p.skipped}`,
    `found ${p.found}`,
    `tagged ${p.tagged}`,
  ]
  const room = cols - 1 // the last column would wrap on some terminals
  // The bar: 24 cells, fewer when the terminal is narrow, none below 5.
  const barWidth = Math.min(24, room - counts.length - 3)
  let line = counts
  if (barWidth >= 5) {
    const filled = total > 0 ? Math.round((processed / total) * barWidth) : 0
    line = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${counts}`
  }
  for (const f of fields) {
    if (line.length + 3 + f.length > room) break
    line += ` · ${f}`
  }
  return line
}

/** A one-line progress bar redrawn in place on stderr. */
class ProgressBar {
  private lastWidth = 0

  draw(p: ImportProgress): void {
    const line = formatProgressLine(p, process.stderr.columns || 120)
    const pad = Math.max(0, this.lastWidth - line.length)
    process.stderr.write(`\r${line}${' '.repeat(pad)}`)
    this.lastWidth = line.length
  }

  clear(): void {
    if (this.lastWidth > 0) process.stderr.write(`\r${' '.repeat(this.lastWidth)}\r`)
    this.lastWidth = 0
  }
}

function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export type { ImportFailure }
