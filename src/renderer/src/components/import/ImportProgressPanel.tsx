/**
 * The import while it runs: phase, a bar that never lies, counts, throughput, ETA, the files being
 * analysed, the failures with their reasons and what the walk passed over; pause, resume, cancel.
 */
import type { ImportPhase, ImportProgress } from '../../../../shared/api'
import { baseName, formatCount, formatEta, formatRate } from '../../lib/format'
import { isActivePhase, type ProgressView } from '../../lib/progress'
import { useImport } from '../../stores/import'
import { TID } from '../../testids'
import { Failures, PassedOver } from './ImportLists'

const PHASE_LABEL: Record<ImportPhase, string> = {
  idle: 'Idle',
  discovering: 'Discovering files',
  'reading-tags': 'Reading tags',
  analysing: 'Analysing',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
}

export function ImportProgressPanel({ progress, view }: { progress: ImportProgress; view: ProgressView }) {
  const busy = useImport((s) => s.busy)
  const active = isActivePhase(progress.phase)
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
