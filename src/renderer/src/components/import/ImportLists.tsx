/** The import's lists: the failed files with their reasons, and what the walk passed over and why. */
import { IMPORT_RECENT_MAX, type ImportProgress } from '../../../../shared/api'
import { baseName } from '../../lib/format'
import { showFailedTracks } from '../../stores/library'
import { openTrack } from '../../stores/nav'
import { TID } from '../../testids'

/**
 * What the walk passed over and why (an unreadable folder, a dangling or looping link, a name that is
 * not UTF-8, a path over the OS limit, a named pipe): never tracks, so not in the table.
 */
export function PassedOver({ progress, popover }: { progress: ImportProgress; popover?: boolean }) {
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
export function Failures({ progress, popover }: { progress: ImportProgress; popover?: boolean }) {
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
          <button type="button" className="link" onClick={showFailedTracks}>
            Show every failed track
          </button>
        </p>
      )}
    </details>
  )
}
