/** Play (or pause) one track in the player bar. */
import { usePlayer } from '../stores/player'
import { TID } from '../testids'

export function PlayButton({
  id,
  title,
  artist,
  album,
  coverId,
  compact = false,
}: {
  id: number
  title: string
  artist: string | null
  /** Shown in the player bar and the OS media controls with the cover. */
  album?: string | null
  coverId?: string | null
  compact?: boolean
}) {
  const isThis = usePlayer((s) => s.track?.id === id)
  const playing = usePlayer((s) => s.playing && s.track?.id === id)
  const label = playing ? `Pause ${title}` : `Play ${title}`
  return (
    <button
      type="button"
      className={compact ? 'icon-button play' : 'play'}
      data-testid={TID.playButton}
      data-track-id={id}
      aria-label={label}
      aria-pressed={playing}
      title={label}
      onClick={(e) => {
        e.stopPropagation()
        usePlayer.getState().play({ id, title, artist, album, coverId })
      }}
    >
      <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
      {!compact && <span>{playing ? 'Pause' : isThis ? 'Resume' : 'Play'}</span>}
    </button>
  )
}

/** The "now playing" mark beside a listed track (moving while it plays). */
export function PlayingMark() {
  const playing = usePlayer((s) => s.playing)
  return (
    <span className="playing-mark" title={playing ? 'Playing' : 'Paused'}>
      <span className={`eq${playing ? ' on' : ''}`} aria-hidden="true" />
      <span className="visually-hidden">{playing ? 'Playing: ' : 'Paused: '}</span>
    </span>
  )
}
