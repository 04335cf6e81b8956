/**
 * Above the library table while rows are selected: how many, and what to do with them (the track
 * menu's own actions: play, play next, queue, radio from them as seeds, add to a playlist), and clear.
 */
import { useState } from 'react'
import { formatCount } from '../lib/format'
import { playable } from '../lib/queue'
import { selectionSize } from '../lib/selection'
import { MAX_SELECTION_ACTION, selectedTracks, useLibrary } from '../stores/library'
import { TID } from '../testids'
import { type TrackActionId, trackActions } from './TrackMenu'

const BUTTONS: { id: TrackActionId; label: string }[] = [
  { id: 'play', label: 'Play' },
  { id: 'next', label: 'Play next' },
  { id: 'queue', label: 'Add to queue' },
  { id: 'radio', label: 'Start radio' },
  { id: 'playlist', label: 'Save as playlist…' },
]

export function SelectionBar() {
  const selection = useLibrary((s) => s.selection)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const count = selectionSize(selection)
  if (count === 0) return null

  const run = async (id: TrackActionId) => {
    setBusy(true)
    setNote(null)
    try {
      const tracks = (await selectedTracks()).filter(playable)
      if (tracks.length === 0) {
        setNote('None of the selected tracks can be played (failed or missing).')
        return
      }
      const label = `${formatCount(tracks.length)} selected tracks`
      trackActions(tracks, label)
        .find((a) => a.id === id)
        ?.run()
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected tracks" data-testid={TID.selectionBar}>
      <span className="selection-count" aria-live="polite">
        {formatCount(count)} selected
        {count > MAX_SELECTION_ACTION && (
          <span className="muted small"> (actions take the first {formatCount(MAX_SELECTION_ACTION)})</span>
        )}
      </span>
      {BUTTONS.map((b) => (
        <button
          key={b.id}
          type="button"
          disabled={busy}
          data-testid={`${TID.selectionBar}-${b.id}`}
          onClick={() => void run(b.id)}
        >
          {b.label}
        </button>
      ))}
      <button
        type="button"
        className="link"
        title="Clear the selection (Esc)"
        onClick={() => useLibrary.getState().clearSelection()}
      >
        Clear
      </button>
      {note && (
        <span className="muted small" role="status">
          {note}
        </span>
      )}
    </div>
  )
}
