/**
 * Import progress: phase, a bar that never lies, counts, throughput, ETA, the files being analysed
 * and the failures with their reasons; pause, resume, cancel. Shown while an import runs and after
 * one finished until the user closes it.
 */
import { IMPORT_RECENT_MAX, type ImportPhase, type ImportProgress } from '../../../shared/api'
import { baseName, formatCount, formatEta, formatRate } from '../lib/format'
import { isActivePhase } from '../lib/progress'
import { useImport } from '../stores/import'
import { useLibrary } from '../stores/library'
import { openTrack, useNav } from '../stores/nav'
import { TID } from '../testids'

export const PHASE_LABEL: Record<ImportPhase, string> = {
  idle: 'Idle',
  discovering: 'Discovering files',
  'reading-tags': 'Reading tags',
  analysing: 'Analysing',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
}

/** A finished check by the folder watcher that changed nothing (every file unchanged): no summary. */
export function quietBackground(p: ImportProgress): boolean {
  return (
    p.background === true &&
    p.analysed === 0 &&
    p.failed === 0 &&
    p.pending === 0 &&
    p.found === p.skipped &&
    (p.newlyMissing ?? 0) === 0
  )
}

export function ImportPanel() {
  const progress = useImport((s) => s.progress)
  const view = useImport((s) => s.view)
  const dismissed = useImport((s) => s.dismissed)
  const busy = useImport((s) => s.busy)
  if (!progress || !view) return null
  const active = isActivePhase(progress.phase)
  const hasResult = progress.found > 0 || progress.analysed > 0 || progress.failed > 0
  if (!active && (dismissed || !hasResult || progress.phase === 'idle' || quietBackground(progress))) return null

  if (!active) return <ImportStatus progress={progress} />

  const pct = view.fraction == null ? null : Math.floor(view.fraction * 1000) / 10
  const s = useImport.getState()
  const paused = progress.phase === 'paused'

  return (
    <section
      className={`import-panel phase-${progress.phase}`}
      data-testid={TID.importProgress}
      aria-label="Import progress"
    >
      <div className="import-head">
        <h2>
          <span data-testid={TID.importPhase} data-phase={progress.phase}>
            {PHASE_LABEL[progress.phase]}
          </span>
          {view.total > 0 && progress.phase !== 'discovering' && (
            <span className="muted">
              {' '}
              · {formatCount(view.completed)} of {formatCount(view.total)}
            </span>
          )}
        </h2>
        <div className="import-actions">
          {active && !paused && (
            <button type="button" onClick={() => s.pause()} disabled={busy != null}>
              Pause
            </button>
          )}
          {paused && (
            <button type="button" className="primary" onClick={() => s.resume()} disabled={busy != null}>
              Resume
            </button>
          )}
          {active && (
            <button
              type="button"
              onClick={() => s.cancel()}
              disabled={busy != null}
              title="Stop importing; queued tracks stay queued for later"
            >
              Cancel
            </button>
          )}
        </div>
      </div>
      <div
        className={`progress${pct == null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct == null ? 'Counting files…' : `${pct.toFixed(0)} %`}
        data-testid={TID.progressBar}
      >
        <div className="progress-fill" style={pct == null ? undefined : { width: `${pct}%` }} />
      </div>
      <dl className="counts">
        <div>
          <dt>Found</dt>
          <dd data-testid={TID.countFound}>{progress.found}</dd>
        </div>
        <div>
          <dt>Analysed</dt>
          <dd data-testid={TID.countAnalysed}>{progress.analysed}</dd>
        </div>
        <div className={progress.failed > 0 ? 'has-failures' : undefined}>
          <dt>Failed</dt>
          <dd data-testid={TID.countFailed}>{progress.failed}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd>{progress.skipped}</dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{progress.pending}</dd>
        </div>
        {active && (
          <>
            <div>
              <dt>Tracks/s</dt>
              <dd>{formatRate(progress.tracksPerSec)}</dd>
            </div>
            <div>
              <dt>Realtime</dt>
              <dd>{progress.realtimeFactor > 0 ? `${progress.realtimeFactor.toFixed(0)}×` : '—'}</dd>
            </div>
            <div>
              <dt>Time left</dt>
              <dd>{paused ? 'paused' : formatEta(progress.etaSec)}</dd>
            </div>
          </>
        )}
      </dl>
      {active && progress.current.length > 0 && (
        <ul className="current-files" aria-label="Analysing now">
          {progress.current.map((f) => (
            <li key={f} title={f}>
              {baseName(f)}
            </li>
          ))}
        </ul>
      )}
      {progress.recentFailures.length > 0 && <Failures progress={progress} />}
      {(progress.recentSkipped?.length ?? 0) > 0 && <PassedOver progress={progress} />}
    </section>
  )
}

/** A finished or cancelled import: one line of counts, the failures on demand, and how to finish. */
function ImportStatus({ progress }: { progress: ImportProgress }) {
  const busy = useImport((s) => s.busy)
  const cancelled = progress.phase === 'cancelled'
  return (
    <section
      className={`import-status phase-${progress.phase}`}
      data-testid={TID.importProgress}
      aria-label="Import summary"
    >
      <span className="status-icon" aria-hidden="true">
        {cancelled ? '■' : progress.failed > 0 ? '!' : '✓'}
      </span>
      <span data-testid={TID.importPhase} data-phase={progress.phase} className="status-phase">
        {cancelled ? 'Import cancelled' : 'Import done'}
      </span>
      <span className="status-counts">
        <span>
          <span className="status-n" data-testid={TID.countFound}>
            {progress.found}
          </span>{' '}
          found
        </span>
        <span>
          <span className="status-n" data-testid={TID.countAnalysed}>
            {progress.analysed}
          </span>{' '}
          analysed
        </span>
        <span className={progress.failed > 0 ? 'status-failed' : undefined}>
          <span className="status-n" data-testid={TID.countFailed}>
            {progress.failed}
          </span>{' '}
          failed
        </span>
        {progress.skipped > 0 && <span>{progress.skipped} unchanged</span>}
        {(progress.newlyMissing ?? 0) > 0 && <span>{progress.newlyMissing} now missing</span>}
        {progress.pending > 0 && <span className="status-queued">{progress.pending} still queued</span>}
      </span>
      {progress.recentFailures.length > 0 && <Failures progress={progress} popover />}
      {(progress.recentSkipped?.length ?? 0) > 0 && <PassedOver progress={progress} popover />}
      <span className="status-actions">
        {progress.pending > 0 && (
          <button
            type="button"
            className="primary"
            disabled={busy != null}
            onClick={() => void useImport.getState().rescan()}
            title="Analyse the tracks still queued (and pick up any changed files)"
          >
            Resume analysis
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          onClick={() => useImport.getState().dismiss()}
          aria-label="Close the import summary"
          title="Close (it stays closed until the next import)"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </span>
    </section>
  )
}

/**
 * What the walk passed over and why (an unreadable folder, a dangling or looping link, a name that is
 * not UTF-8, a path over the OS limit, a named pipe): never tracks, so not in the table.
 */
function PassedOver({ progress, popover }: { progress: ImportProgress; popover?: boolean }) {
  const entries = progress.recentSkipped ?? []
  const n = `${entries.length}${entries.length >= IMPORT_RECENT_MAX ? '+' : ''}`
  return (
    <details className={`failures passed-over${popover ? ' failures-popover' : ''}`} data-testid={TID.passedOver}>
      <summary>
        {n} passed over{popover ? '' : ` (${entries.length === 1 ? 'not a track' : 'not tracks'})`}
      </summary>
      <ul>
        {entries.map((e) => (
          <li key={e.path} data-testid={TID.passedOverItem}>
            <span className="path" title={e.path}>
              {e.path}
            </span>
            <span className="reason">{e.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  )
}

/** The failed files with their reasons (a drop-down in the one-line summary). */
function Failures({ progress, popover }: { progress: ImportProgress; popover?: boolean }) {
  return (
    <details className={`failures${popover ? ' failures-popover' : ''}`}>
      <summary>
        {popover ? 'Why?' : `${progress.failed} ${progress.failed === 1 ? 'file' : 'files'} could not be analysed`}
      </summary>
      <ul>
        {progress.recentFailures.map((f) => (
          <li key={`${f.id}:${f.path}`} data-testid={TID.failureItem} data-track-id={f.id}>
            <button type="button" className="link" onClick={() => openTrack(f.id)} title={f.path}>
              {baseName(f.path)}
            </button>
            <span className="reason">{f.error}</span>
          </li>
        ))}
      </ul>
      {progress.failed > progress.recentFailures.length && (
        <p className="muted small">
          Showing the latest {progress.recentFailures.length}.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              useNav.getState().navigate({ name: 'library' })
              useLibrary.getState().setStateFilter('failed')
            }}
          >
            Show every failed track
          </button>
        </p>
      )}
    </details>
  )
}
