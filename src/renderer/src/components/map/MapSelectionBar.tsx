/**
 * What the lasso selected: how many tracks, and Play / Shuffle / Queue / Radio (the views'
 * ListenActions: the radio is seeded by the selection's analysed tracks), Save as playlist, and Clear.
 * Tracks play in map order, left to right; a selection bigger than the queue's limit plays its first
 * MAX_LISTEN_TRACKS (a playlist keeps all).
 */
import { formatCount } from '../../lib/format'
import { MAX_LISTEN_TRACKS } from '../../lib/listen'
import { useMap } from '../../stores/map'
import { TID } from '../../testids'
import { LID } from '../../testids-listen'
import { ListenActions } from '../browse/ListenActions'
import { openSaveDialog } from '../SavePlaylist'

const LABEL = 'Map selection'

export function MapSelectionBar() {
  const selection = useMap((s) => s.selection)
  const message = useMap((s) => s.selectionMessage)
  if (!selection) return null
  const n = selection.length
  return (
    <section className="map-selection" data-testid={TID.mapSelection} data-count={n} aria-label="Selection">
      <strong aria-live="polite">
        {formatCount(n)} {n === 1 ? 'track' : 'tracks'} selected
      </strong>
      {n > MAX_LISTEN_TRACKS && (
        <span className="muted small" title="Play and Queue take the first tracks, left to right; a playlist keeps all">
          (plays the first {formatCount(MAX_LISTEN_TRACKS)})
        </span>
      )}
      <ListenActions load={() => useMap.getState().selectionTracks()} label={LABEL} compact />
      <button type="button" onClick={() => openSaveDialog(selection, LABEL)} data-testid={LID.savePlaylist}>
        Save as playlist…
      </button>
      <button type="button" onClick={() => useMap.getState().clearSelection()} title="Clear the selection (Escape)">
        Clear
      </button>
      {message && (
        <span className="inline-error small" role="alert">
          {message}
        </span>
      )}
    </section>
  )
}
