/** The library's folders with their track counts: rescan one (or all), remove one (after a confirm). */
import { useState } from 'react'
import { formatCount } from '../lib/format'
import { isActivePhase } from '../lib/progress'
import { useImport } from '../stores/import'

export function Folders() {
  const roots = useImport((s) => s.roots)
  const busy = useImport((s) => s.busy)
  const importing = useImport((s) => (s.progress ? isActivePhase(s.progress.phase) : false))
  const [confirming, setConfirming] = useState<number | null>(null)
  if (roots.length === 0) return null
  const s = useImport.getState()
  return (
    <details className="folders">
      <summary>
        {roots.length} {roots.length === 1 ? 'folder' : 'folders'}
      </summary>
      <div className="folders-pop">
        <ul>
          {roots.map((r) => (
            <li key={r.id}>
              <span className="folder-path" title={r.path}>
                {r.path}
              </span>
              <span className="muted small">
                {formatCount(r.trackCount)} tracks
                {r.lastScanAt ? ` · scanned ${new Date(r.lastScanAt).toLocaleString()}` : ''}
              </span>
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
          ))}
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
