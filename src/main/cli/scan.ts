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
import type { ImportProgress } from '../../shared/api'
import { CoverStore, coversDirFor } from '../core/covers'
import { Importer, type ImportFailure, type ImportSummary } from '../core/importer'
import type { Library } from '../core/library'
import { nodeSpawner } from '../core/node-spawner'
import { EXIT, fail, intOption, parseCommand, UsageError } from './command'
import { withLibrary } from './library-command'
import { jsonLine, safe } from './terminal'

const SCAN_USAGE = `usage: soundprint scan [--db PATH] [--workers N] [--json] FOLDER…

Adds the folders to the library and fingerprints every audio file in them. Rescans are incremental.
  --db PATH      library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --workers N    DSP worker processes (default: one per CPU core)
  --json         one JSON event per line instead of the progress bar
`

const write = (s: string) => process.stdout.write(s)

const SPEC = {
  name: 'scan',
  usage: SCAN_USAGE,
  options: { db: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' } },
} as const

/** The absolute path of each FOLDER argument; a UsageError for one that is missing or not a folder. */
function foldersOf(positionals: string[]): string[] {
  if (positionals.length === 0) throw new UsageError('no folder given')
  return positionals.map((p) => {
    const abs = resolve(p)
    let isDir = false
    try {
      isDir = statSync(abs).isDirectory()
    } catch {
      throw new UsageError(`folder not found: ${abs}`)
    }
    if (!isDir) throw new UsageError(`not a folder: ${abs}`)
    return abs
  })
}

export async function scan(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values, positionals }) => ({
    workers: intOption(values.workers, '--workers', 1, 256),
    folders: foldersOf(positionals),
  }))
  if (typeof parsed === 'number') return parsed
  const { values, workers, folders } = parsed
  return withLibrary('scan', values.db, { write: true, missing: 'create' }, (lib) =>
    importFolders(lib, folders, { workers, json: !!values.json }),
  )
}

/** Adds the folders and runs the import, reporting as it goes; the exit status. */
async function importFolders(
  lib: Library,
  folders: string[],
  opts: { workers: number | undefined; json: boolean },
): Promise<number> {
  const { workers, json } = opts
  const bar = !json && process.stderr.isTTY ? new ProgressBar() : null
  const importer = new Importer({
    library: lib,
    spawner: nodeSpawner,
    workers,
    // Covers beside the library file, as the app and `serve` keep them.
    covers: new CoverStore(coversDirFor(lib.db.name)),
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
    if (interrupted) process.exit(EXIT.interrupted)
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
    await importer.close()
    return fail('scan', (err as Error).message)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  bar?.clear()
  await importer.close()

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
  if (summary.error) return fail('scan', summary.error)
  return interrupted ? EXIT.interrupted : EXIT.ok
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
