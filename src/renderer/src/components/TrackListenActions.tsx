/** Listening actions on the track page: for the open track, and for its list of similar tracks. */
import type { SimilarTrack, TrackSummary } from '../../../shared/api'
import { useTrackDetail } from '../stores/details'
import { usePath } from '../stores/path'
import { usePlayer } from '../stores/player'
import { useRadio } from '../stores/radio'
import { LID } from '../testids-listen'
import { openSaveDialog } from './SavePlaylist'
import { TrackMenuButton } from './TrackMenu'

/** Radio, "Path to…" and the ⋯ menu for the open track (beside its Play button). */
export function TrackListenActions({ track }: { track: TrackSummary }) {
  if (track.state !== 'done') return null
  return (
    <>
      <button
        type="button"
        data-testid={LID.startRadio}
        title="An endless mix of tracks that sound like this one"
        onClick={() => void useRadio.getState().start([track])}
      >
        <span aria-hidden="true">◉ </span>Radio
      </button>
      <button
        type="button"
        data-testid={LID.pathOpen}
        title="A smooth journey from this track to another"
        onClick={() => usePath.getState().begin(track)}
      >
        Path to…
      </button>
      <TrackMenuButton tracks={[track]} />
    </>
  )
}

/** Play the similar list (after the open track), or keep it as a playlist. */
export function SimilarListActions({ queryId, results }: { queryId: number; results: SimilarTrack[] }) {
  const open = useTrackDetail(queryId)?.detail ?? null
  const name = open ? `Like ${open.title}` : 'Sounds alike'
  return (
    <div className="similar-list-actions">
      <button
        type="button"
        title="Play the open track, then these in order"
        onClick={() =>
          usePlayer.getState().playList(open ? [open, ...results] : results, 0, { kind: 'similar', label: name })
        }
      >
        ▶ Play these
      </button>
      <button
        type="button"
        data-testid={LID.savePlaylist}
        onClick={() => openSaveDialog([queryId, ...results.map((r) => r.id)], name)}
      >
        Save as playlist
      </button>
    </div>
  )
}
