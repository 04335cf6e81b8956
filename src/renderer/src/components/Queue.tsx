/**
 * The play queue, as a panel over the right edge above the player bar (Q shows and hides it): what
 * played (dimmed), what plays (marked), what comes next. Rows are TrackRows (click plays, drag or
 * Alt+↑/↓ reorders, Delete removes); Clear keeps only the playing track; "Save as playlist" keeps it.
 * While a radio plays, its seeds, "More like this", its rules and "Stop radio" sit on top.
 */
import { useEffect, useRef } from 'react'
import { formatDuration } from '../lib/format'
import { usePlayer } from '../stores/player'
import { useRadio } from '../stores/radio'
import { LID } from '../testids-listen'
import { openSaveDialog } from './SavePlaylist'
import { TrackRows } from './TrackRows'

export function QueuePanel() {
  const entries = usePlayer((s) => s.entries)
  const index = usePlayer((s) => s.index)
  const source = usePlayer((s) => s.source)
  const panel = useRef<HTMLElement>(null)

  useEffect(() => {
    // Opening the queue puts the keyboard in it, on the playing track.
    const cur = panel.current?.querySelector<HTMLElement>('[data-current="true"] .queue-play')
    ;(cur ?? panel.current)?.focus()
  }, [])

  const upcoming = entries.length - index - 1
  const remaining = entries.slice(index + 1).reduce((sum, e) => sum + (e.track.durationSec ?? 0), 0)
  const p = usePlayer.getState

  return (
    <aside
      id="queue-panel"
      className="queue-panel"
      aria-label="Queue"
      ref={panel}
      tabIndex={-1}
      data-testid={LID.queuePanel}
      data-count={entries.length}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        // Closing the queue is all this Escape does (the page behind stays), and the focus goes back
        // to the button that opened it.
        e.preventDefault()
        e.stopPropagation()
        p().setQueueOpen(false)
        document.querySelector<HTMLElement>(`[data-testid="${LID.queueButton}"]`)?.focus()
      }}
    >
      <header className="queue-head">
        <div>
          <h2>{source?.kind === 'radio' ? 'Radio' : 'Queue'}</h2>
          <span className="muted small">
            {source && source.kind !== 'radio' ? `${source.label} · ` : ''}
            {upcoming > 0 ? `${upcoming} up next · ${formatDuration(remaining)}` : 'Nothing up next'}
          </span>
        </div>
        <div className="queue-actions">
          <button
            type="button"
            data-testid={LID.savePlaylist}
            disabled={entries.length === 0}
            onClick={() =>
              openSaveDialog(
                entries.map((e) => e.track.id),
                source?.label ?? 'Queue',
              )
            }
          >
            Save as playlist
          </button>
          <button
            type="button"
            onClick={() => p().clear()}
            disabled={upcoming <= 0}
            title="Remove everything after the playing track"
          >
            Clear
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Close the queue"
            title="Close (Q or Esc)"
            onClick={() => p().setQueueOpen(false)}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
      </header>
      {source?.kind === 'radio' && <RadioControls />}
      {entries.length === 0 ? (
        <p className="muted queue-empty">
          The queue is empty. Use ▶ on any track, “Play next” or “Add to queue” from its ⋯ menu, or start a radio.
        </p>
      ) : (
        <TrackRows
          items={entries}
          current={index}
          playedBefore={index}
          label="Tracks in the queue"
          rowTestId={LID.queueItem}
          onActivate={(i) => p().jump(i)}
          onMove={(from, to) => p().move(from, to)}
          onRemove={(i) => p().remove(i)}
        />
      )}
      <footer className="queue-foot">
        <span className="muted small">Drag ⠿ or Alt+↑/↓ to reorder · Delete removes · Enter plays</span>
      </footer>
    </aside>
  )
}

function RadioControls() {
  const r = useRadio()
  const track = usePlayer((s) => s.track)
  const liked = r.feedback.some((f) => f.kind === 'more' && f.id === track?.id)
  return (
    <section className="radio-box" aria-label="Radio">
      <div className="radio-line">
        <span className="radio-badge" aria-hidden="true">
          ◉
        </span>
        <span className="radio-seeds">
          Sounds like <strong>{r.label}</strong>
          <span className="muted small">
            {' '}
            · never repeats · at most {r.rules.maxArtistRun} in a row by one artist
            {r.loading ? ' · picking…' : ''}
          </span>
        </span>
      </div>
      <div className="radio-line">
        <button
          type="button"
          className={liked ? 'on' : ''}
          data-testid={LID.radioMore}
          disabled={!track || liked}
          onClick={() => void r.more()}
          title="Steer the next picks toward the playing track"
        >
          {liked ? '✓ More like this' : '♥ More like this'}
        </button>
        <span className="muted small">Skipping in the first 30 s means “less like this”.</span>
        <button type="button" data-testid={LID.radioStop} className="radio-stop" onClick={() => r.stop()}>
          Stop radio
        </button>
      </div>
      {r.error && (
        <p className="inline-error small" role="alert">
          {r.error}{' '}
          <button type="button" className="link" onClick={() => r.retry()}>
            Try again
          </button>
        </p>
      )}
      <details className="radio-rules">
        <summary>Rules</summary>
        <label>
          At most
          <input
            type="number"
            min={1}
            max={10}
            value={r.rules.maxArtistRun}
            onChange={(e) => r.setRules({ maxArtistRun: Math.max(1, Math.min(10, Number(e.target.value) || 1)) })}
          />
          tracks in a row by one artist
        </label>
        <label>
          Skip tracks shorter than
          <input
            type="number"
            min={0}
            max={3600}
            step={10}
            value={r.rules.minDurationSec}
            onChange={(e) => r.setRules({ minDurationSec: Math.max(0, Number(e.target.value) || 0) })}
          />
          s
        </label>
        <FolderExclusions />
      </details>
    </section>
  )
}

function FolderExclusions() {
  const folders = useRadio((r) => r.rules.excludeFolders)
  const input = useRef<HTMLInputElement>(null)
  const add = () => {
    const v = input.current?.value.trim()
    if (!v || folders.includes(v)) return
    useRadio.getState().setRules({ excludeFolders: [...folders, v] })
    if (input.current) input.current.value = ''
  }
  return (
    <div className="radio-folders">
      <span>Never from these folders:</span>
      {folders.length === 0 && <span className="muted small">none</span>}
      <ul>
        {folders.map((f) => (
          <li key={f}>
            <span title={f}>{f}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Allow ${f} again`}
              onClick={() => useRadio.getState().setRules({ excludeFolders: folders.filter((x) => x !== f) })}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="radio-folder-add">
        <input
          ref={input}
          type="text"
          placeholder="/music/Christmas"
          aria-label="Folder to leave out of the radio"
          onKeyDown={(e) => {
            if (e.key === 'Enter') add()
          }}
        />
        <button type="button" onClick={add}>
          Exclude
        </button>
      </div>
    </div>
  )
}
