/**
 * The library's folders with their track counts: rescan one (or all), remove one (after a confirm), and
 * the watched-folders setting with each folder's watch state (watched, offline, rescanned instead).
 */
import { useState } from 'react'
import type { WatchedRoot } from '../../../shared/api'
import { formatCount } from '../lib/format'
import { isActivePhase } from '../lib/progress'
import { useImport } from '../stores/import'
import { useWatch, watchSummary } from '../stores/watch'
import { TID } from '../testids'

const WATCH_LABEL: Record<WatchedRoot['state'], string> = {
  starting: 'starting to watch…',
  watching: 'watched',
  polling: 'rescanned periodically',
  offline: 'offline',
}

export function Folders() {
  const roots = useImport((s) => s.roots)
  const busy = useImport((s) => s.busy)
  const importing = useImport((s) => (s.progress ? isActivePhase(s.progress.phase) : false))
  const [confirming, setConfirming] = useState<number | null>(null)
  const watchFolders = useWatch((w) => w.watchFolders)
  const status = useWatch((w) => w.status)
  const watchBusy = useWatch((w) => w.busy)
  const watchError = useWatch((w) => w.error)
  if (roots.length === 0) return null
  const s = useImport.getState()
  const summary = watchSummary({ watchFolders, status })
  return (
    <details
      className="folders"
      onKeyDown={(e) => {
        // Escape closes the panel (and only the panel), back on its summary.
        if (e.key !== 'Escape' || !e.currentTarget.open) return
        e.preventDefault()
        e.stopPropagation()
        e.currentTarget.open = false
        e.currentTarget.querySelector('summary')?.focus()
      }}
    >
      <summary data-testid={TID.foldersSummary}>
        {roots.length} {roots.length === 1 ? 'folder' : 'folders'}
        {summary && <span className={summary.warn ? 'watch-summary warn' : 'watch-summary'}> · {summary.text}</span>}
      </summary>
      <div className="folders-pop">
        <label className="watch-toggle">
          <input
            type="checkbox"
            data-testid={TID.watchToggle}
            checked={watchFolders ?? false}
            disabled={watchFolders == null || watchBusy}
            onChange={(e) => void useWatch.getState().setWatchFolders(e.target.checked)}
          />
          <span>
            Watch these folders
            <span className="muted small watch-hint">
              New, changed, moved and deleted files are picked up by themselves while Soundprint runs.
            </span>
          </span>
        </label>
        {watchError && (
          <p className="watch-problem" role="alert">
            {watchError}
          </p>
        )}
        <ul>
          {roots.map((r) => {
            const w = status?.enabled ? status.roots.find((x) => x.id === r.id) : undefined
            return (
              <li key={r.id}>
                <span className="folder-path" title={r.path}>
                  {r.path}
                </span>
                <span className="muted small">
                  {formatCount(r.trackCount)} tracks
                  {r.lastScanAt ? ` · scanned ${new Date(r.lastScanAt).toLocaleString()}` : ''}
                  {w && (
                    <>
                      {' · '}
                      <span
                        className={w.state === 'offline' || w.state === 'polling' ? 'watch-state warn' : 'watch-state'}
                        data-testid={TID.watchState}
                        data-state={w.state}
                      >
                        {WATCH_LABEL[w.state]}
                      </span>
                    </>
                  )}
                </span>
                {w?.problem && <span className="watch-problem small">{w.problem}</span>}
                <span className="folder-actions">
                  <button type="button" onClick={() => s.rescan(r.id)} disabled={busy != null || importing}>
                    Rescan
                  </button>
                  {confirming === r.id ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        onClick={async () => {
                          setConfirming(null)
                          await s.removeRoot(r.id)
                        }}
                      >
                        Remove from library
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirming(r.id)} disabled={busy != null}>
                      Remove…
                    </button>
                  )}
                </span>
              </li>
            )
          })}
        </ul>
        {roots.length > 1 && (
          <button type="button" onClick={() => s.rescan()} disabled={busy != null || importing}>
            Rescan all
          </button>
        )}
      </div>
    </details>
  )
}
