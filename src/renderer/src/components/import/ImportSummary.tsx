/** A finished or cancelled import in one line: its counts, the failures on demand, and how to finish. */
import type { ImportProgress } from '../../../../shared/api'
import { useImport } from '../../stores/import'
import { TID } from '../../testids'
import { Failures, PassedOver } from './ImportLists'

export function ImportSummary({ progress }: { progress: ImportProgress }) {
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
