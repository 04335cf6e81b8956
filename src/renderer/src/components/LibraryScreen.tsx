/** The library screen: filter box, folders, and the table — or what to do when there is nothing to show. */
import { useEffect } from 'react'
import type { TrackState } from '../../../shared/api'
import { countOf, formatCount } from '../lib/format'
import { isActivePhase } from '../lib/progress'
import { canPickFolders, useImport } from '../stores/import'
import { useLibrary } from '../stores/library'
import { TID } from '../testids'
import { AddFolder } from './AddFolder'
import { BrowseTabs } from './browse/BrowseTabs'
import { ColumnsMenu } from './ColumnsMenu'
import { Folders } from './Folders'
import { SelectionBar } from './SelectionBar'
import { TrackTable } from './TrackTable'

export function LibraryScreen() {
  const total = useLibrary((s) => s.total)
  const filter = useLibrary((s) => s.filter)
  const filterText = useLibrary((s) => s.filterText)
  const stateFilter = useLibrary((s) => s.stateFilter)
  const error = useLibrary((s) => s.error)
  const importing = useImport((s) => (s.progress ? isActivePhase(s.progress.phase) : false))

  useEffect(() => {
    useLibrary.getState().showRows(0, 40)
  }, [])

  const emptyLibrary = total === 0 && !filter && !stateFilter

  return (
    <section className="screen library" aria-label="Library">
      <div className="toolbar">
        <BrowseTabs />
        <div className="search">
          <label className="visually-hidden" htmlFor="filter">
            Filter tracks
          </label>
          <input
            id="filter"
            type="search"
            data-testid={TID.filterInput}
            placeholder="Search title, artist, album, genre or path"
            value={filterText}
            onChange={(e) => useLibrary.getState().setFilterText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') useLibrary.getState().setFilterText('')
              if (e.key === 'ArrowDown') {
                e.preventDefault()
                const body = document.querySelector<HTMLElement>('.table-body')
                body?.focus()
                useLibrary.getState().setCursor(0)
              }
            }}
            spellCheck={false}
          />
        </div>
        <label className="visually-hidden" htmlFor="state-filter">
          Show tracks in state
        </label>
        <select
          id="state-filter"
          value={stateFilter ?? ''}
          onChange={(e) => useLibrary.getState().setStateFilter((e.target.value || null) as TrackState | null)}
        >
          <option value="">All tracks</option>
          <option value="done">Analysed</option>
          <option value="pending">Queued</option>
          <option value="analysing">Analysing</option>
          <option value="failed">Failed</option>
          <option value="missing">Missing</option>
        </select>
        <span className="muted count" aria-live="polite">
          {total == null ? '' : filter || stateFilter ? `${formatCount(total)} matching` : countOf(total, 'track')}
        </span>
        <ColumnsMenu />
        <Folders />
      </div>
      {error && total == null ? (
        <div className="state-message error" role="alert">
          <h2>Could not load the library</h2>
          <p>{error}</p>
          <button type="button" className="primary" onClick={() => useLibrary.getState().retry()}>
            Try again
          </button>
        </div>
      ) : emptyLibrary ? (
        <EmptyLibrary importing={importing} />
      ) : (
        <>
          {total === 0 ? (
            <div className="state-message">
              <h2>{filter ? `No tracks match “${filter}”` : 'No tracks in this state'}</h2>
              {filter && <p>Search looks at titles, artists, albums, album artists, genres and file paths.</p>}
              <button
                type="button"
                onClick={() => {
                  useLibrary.getState().setFilterText('')
                  useLibrary.getState().setStateFilter(null)
                }}
              >
                Show all tracks
              </button>
            </div>
          ) : (
            <>
              <SelectionBar />
              <TrackTable />
            </>
          )}
          {error && (
            <p className="inline-error" role="alert">
              {error}{' '}
              <button type="button" className="link" onClick={() => useLibrary.getState().retry()}>
                Retry
              </button>
            </p>
          )}
        </>
      )}
    </section>
  )
}

function EmptyLibrary({ importing }: { importing: boolean }) {
  const desktop = canPickFolders()
  if (importing) {
    return (
      <div className="state-message">
        <h2>Looking for music…</h2>
        <p>Tracks appear here as soon as their tags are read.</p>
      </div>
    )
  }
  return (
    <div className="state-message empty">
      <div className="empty-art" aria-hidden="true">
        <svg viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
          <polygon points="32,6 54,20 50,46 32,58 14,46 10,20" className="empty-shape" />
          <polygon points="32,18 44,26 40,42 32,46 22,40 20,26" className="empty-shape-inner" />
        </svg>
      </div>
      <h2>Your library is empty</h2>
      <p>
        {desktop
          ? 'Drop a music folder anywhere on this window, or choose one:'
          : 'Type the path of a music folder on the server’s machine and press Add folder:'}
      </p>
      <AddFolder large />
      <p className="muted small">
        Soundprint reads each track’s tags, then listens to it: a sonic fingerprint of 25 dimensions, drawn as a radar,
        and a timbre model, which together find the tracks that sound alike. Your files are never changed.
      </p>
    </div>
  )
}
