/**
 * "Path to…": from the chosen track to a destination found by name, in 2–30 steps (default 8). The
 * path shows as a list — each hop's similarity to the track before it, against how alike the two ends
 * are — and can be played, saved as a playlist, or shown on the sonic map as a line.
 */
import { useEffect, useRef, useState } from 'react'
import { formatDuration } from '../lib/format'
import { useTrackSearch } from '../lib/useTrackSearch'
import { useNav } from '../stores/nav'
import { PATH_STEPS_MAX, PATH_STEPS_MIN, usePath } from '../stores/path'
import { usePlayer } from '../stores/player'
import { LID } from '../testids-listen'
import { PlayingMark } from './PlayButton'
import { openSaveDialog } from './SavePlaylist'

export function PathDialog() {
  const open = usePath((s) => s.open)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (open && !d.open) {
      d.showModal()
      // showModal focuses the first button (✕); the dialog opens to type the destination.
      d.querySelector<HTMLInputElement>(`[data-testid="${LID.pathSearch}"]`)?.focus()
    } else if (!open && d.open) d.close()
  }, [open])
  return (
    <dialog
      ref={dialog}
      className="modal path-dialog"
      aria-labelledby="path-h"
      data-testid={LID.pathDialog}
      onClose={() => usePath.getState().close()}
    >
      {open && <PathBody />}
    </dialog>
  )
}

function PathBody() {
  const { from, to, steps, result, loading, error } = usePath()
  const playingId = usePlayer((s) => s.track?.id ?? null)
  const [text, setText] = useState('')
  const { results, error: searchError } = useTrackSearch(text, from?.id ?? null)
  if (!from) return null
  const label = to ? `${from.title} → ${to.title}` : from.title
  const total = result?.tracks.reduce((sum, t) => sum + (t.durationSec ?? 0), 0) ?? 0

  return (
    <>
      <div className="modal-head">
        <h2 id="path-h">Sonic path</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => usePath.getState().close()}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <p className="path-ends">
        From <strong>{from.title}</strong>
        {from.artist ? <span className="muted"> · {from.artist}</span> : null} to{' '}
        {to ? (
          <>
            <strong>{to.title}</strong>
            <button type="button" className="link small path-change" onClick={() => usePath.getState().setTo(null)}>
              change
            </button>
          </>
        ) : (
          <span className="muted">…</span>
        )}
      </p>
      {!to && (
        <div className="path-search">
          <label htmlFor="path-search">Destination</label>
          <input
            id="path-search"
            type="search"
            data-testid={LID.pathSearch}
            placeholder="Type a title, artist or album"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Enter takes the first match; ↓ goes into the list (Tab and ↑/↓ move there).
              if (e.key === 'Enter' && results[0]) {
                e.preventDefault()
                usePath.getState().setTo(results[0])
              } else if (e.key === 'ArrowDown' && results.length > 0) {
                e.preventDefault()
                e.currentTarget.parentElement?.querySelector<HTMLElement>('.compare-results button')?.focus()
              }
            }}
            autoComplete="off"
            spellCheck={false}
            // biome-ignore lint/a11y/noAutofocus: the dialog opens to pick the destination
            autoFocus
          />
          {searchError && <p className="inline-error small">{searchError}</p>}
          {results.length > 0 && (
            <ul
              className="compare-results"
              aria-label="Destinations"
              onKeyDown={(e) => {
                if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
                e.preventDefault()
                const all = [...e.currentTarget.querySelectorAll<HTMLElement>('button')]
                const at = all.indexOf(document.activeElement as HTMLElement)
                const next = e.key === 'ArrowDown' ? Math.min(all.length - 1, at + 1) : at - 1
                if (next < 0) e.currentTarget.parentElement?.querySelector<HTMLElement>('input')?.focus()
                else all[next]?.focus()
              }}
            >
              {results.map((r) => (
                <li key={r.id}>
                  <button type="button" className="link" onClick={() => usePath.getState().setTo(r)}>
                    {r.title}
                    <span className="muted small"> {r.artist ?? ''}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {text.trim() && results.length === 0 && !searchError && (
            <p className="muted small">No analysed track matches.</p>
          )}
        </div>
      )}
      <div className="path-steps">
        <label htmlFor="path-steps">Steps between</label>
        <input
          id="path-steps"
          type="range"
          min={PATH_STEPS_MIN}
          max={PATH_STEPS_MAX}
          value={steps}
          onChange={(e) => usePath.getState().setSteps(Number(e.target.value))}
        />
        <output htmlFor="path-steps">{steps}</output>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {loading && !result && <p className="muted">Finding the smoothest path…</p>}
      {result && (
        <>
          <p className="muted small path-summary" aria-live="polite">
            {result.tracks.length} tracks · {formatDuration(total)} · the two ends are{' '}
            {Math.round(result.directScore * 100)} % alike;{' '}
            {result.smooth
              ? 'every hop is at least as close.'
              : 'this library has no path with every hop that close — this is the smoothest found.'}
          </p>
          <ol className="path-list" data-testid={LID.pathResult} aria-busy={loading}>
            {result.tracks.map((t, i) => (
              <li
                key={t.id}
                className={`path-item${t.id === playingId ? ' playing' : ''}`}
                data-testid={LID.pathItem}
                data-track-id={t.id}
                data-score={t.score}
              >
                <button
                  type="button"
                  className="queue-play"
                  onClick={() =>
                    usePlayer.getState().playList(result.tracks, i, { kind: 'path', label: `Path: ${label}` })
                  }
                  aria-label={`Play the path from ${t.title}`}
                >
                  <span className="queue-mark" aria-hidden="true">
                    {i === 0 ? 'A' : i === result.tracks.length - 1 ? 'B' : i}
                  </span>
                  <span className="queue-text">
                    <span className="queue-title">
                      {t.id === playingId && <PlayingMark />}
                      {t.title}
                    </span>
                    <span className="muted small">{t.artist ?? 'Unknown artist'}</span>
                  </span>
                  {i > 0 && (
                    <span
                      className={`hop${t.score < result.directScore ? ' weak' : ''}`}
                      title="Similarity to the track before"
                    >
                      {Math.round(t.score * 100)} %
                      <span className="score-bar" aria-hidden="true">
                        <span style={{ width: `${t.score * 100}%` }} />
                      </span>
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ol>
          <div className="modal-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                usePlayer.getState().playList(result.tracks, 0, { kind: 'path', label: `Path: ${label}` })
                usePath.getState().close()
              }}
            >
              ▶ Play path
            </button>
            <button
              type="button"
              data-testid={LID.savePlaylist}
              onClick={() =>
                openSaveDialog(
                  result.tracks.map((t) => t.id),
                  `Path: ${label}`,
                )
              }
            >
              Save as playlist
            </button>
            <button
              type="button"
              onClick={() => {
                usePath.getState().close()
                useNav.getState().navigate({ name: 'map' })
              }}
            >
              Show on the map
            </button>
          </div>
        </>
      )}
    </>
  )
}
