/**
 * One album: its cover, title, album artist, year, genre, track count and total time; Play / Shuffle /
 * Queue; its tracks in disc and track order (disc headings when there is more than one disc).
 */
// biome-ignore-all lint/a11y/useSemanticElements: track rows are buttons in a list, like the similar list

import { useEffect } from 'react'
import type { AlbumSummary, TrackSummary } from '../../../../shared/api'
import { escapeLeavesPage } from '../../lib/escape'
import { ambiguityHint, countOf, formatDuration } from '../../lib/format'
import { playTracks } from '../../lib/listen'
import { useLoaded } from '../../lib/useLoaded'
import { fetchAlbum } from '../../stores/browse'
import { openTrack, routeLabel, useNav } from '../../stores/nav'
import { usePlayer } from '../../stores/player'
import { Cover } from '../Cover'
import { PlayingMark } from '../PlayButton'
import { TempoText } from '../TempoText'
import { ListenActions } from './ListenActions'

type Loaded = { album: AlbumSummary; tracks: TrackSummary[] }

export function AlbumPage({ albumKey }: { albumKey: string }) {
  const { data, error } = useLoaded<Loaded>(albumKey, () => fetchAlbum(albumKey))
  const previous = useNav((s) => s.previous)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!escapeLeavesPage(e)) return
      e.preventDefault()
      useNav.getState().back()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const back = (
    <button type="button" className="back" onClick={() => useNav.getState().back()} title="Back (Escape)">
      ← {previous?.name === 'album' || !previous ? 'Albums' : routeLabel(previous)}
    </button>
  )

  if (!data || data.album.key !== albumKey) {
    return (
      <section className="screen album-page" aria-label="Album">
        {back}
        <div className={`state-message${error ? ' error' : ''}`} role={error ? 'alert' : undefined}>
          <p className={error ? undefined : 'muted'}>
            {error ? `Could not open this album: ${error}` : 'Loading album…'}
          </p>
        </div>
      </section>
    )
  }

  const { album, tracks } = data
  const discs = new Set(tracks.map((t) => t.discNo ?? 1))
  const label = `Album: ${album.title}`
  return (
    <section className="screen album-page" aria-label={`Album: ${album.title}`} data-testid="album-page">
      {back}
      <header className="album-head">
        <span className="album-head-cover">
          <Cover coverId={album.coverId} name={album.title} size="full" />
        </span>
        <div className="album-head-text">
          <p className="muted small">Album</p>
          <h1 data-testid="album-title">{album.title}</h1>
          <p className="album-head-artist">
            {album.albumArtist ? (
              <button
                type="button"
                className="link"
                onClick={() => useNav.getState().navigate({ name: 'artists', artist: album.albumArtist! })}
              >
                {album.albumArtist}
              </button>
            ) : (
              'Unknown artist'
            )}
          </p>
          <p className="muted">
            {[
              album.year != null ? String(album.year) : null,
              album.genre,
              countOf(album.trackCount, 'track'),
              formatDuration(album.durationSec),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <ListenActions load={async () => tracks} label={label} />
        </div>
      </header>
      <ol className="album-tracks" data-testid="album-tracks">
        {tracks.map((t, i) => {
          const disc = t.discNo ?? 1
          const newDisc = discs.size > 1 && (i === 0 || (tracks[i - 1]!.discNo ?? 1) !== disc)
          return (
            <AlbumTrackRow
              key={t.id}
              track={t}
              discHeading={newDisc ? disc : null}
              showArtist={t.artist != null && t.artist !== album.albumArtist}
              onPlay={() => playTracks(tracks, label, i)}
            />
          )
        })}
      </ol>
    </section>
  )
}

function AlbumTrackRow({
  track,
  discHeading,
  showArtist,
  onPlay,
}: {
  track: TrackSummary
  discHeading: number | null
  /** The track's artist differs from the album's (a compilation, a guest). */
  showArtist: boolean
  onPlay(): void
}) {
  const playing = usePlayer((s) => s.track?.id === track.id)
  const unplayable = track.state === 'failed' || track.state === 'missing'
  return (
    <>
      {discHeading != null && (
        <li className="disc-heading" aria-hidden="true">
          Disc {discHeading}
        </li>
      )}
      <li
        className={`album-track${playing ? ' playing' : ''}${unplayable ? ` row-${track.state}` : ''}`}
        data-testid="album-track"
        data-track-id={track.id}
      >
        <button
          type="button"
          className="icon-button album-track-play"
          aria-label={`Play ${track.title}`}
          onClick={onPlay}
          disabled={unplayable}
        >
          {playing ? <PlayingMark /> : <span className="track-no">{track.trackNo ?? '·'}</span>}
          <span className="play-glyph" aria-hidden="true">
            ▶
          </span>
        </button>
        <button type="button" className="album-track-open" onClick={() => openTrack(track.id)} title={track.path}>
          <span className="album-track-title">
            {track.title}
            {track.ambiguous && <span className="muted small"> — {ambiguityHint(track)}</span>}
          </span>
          <span className="muted small album-track-artist">{showArtist ? track.artist : ''}</span>
          {unplayable ? (
            <span className={`badge badge-${track.state}`}>{track.state === 'failed' ? 'Failed' : 'Missing'}</span>
          ) : (
            <TempoText bpm={track.tempoBpm} stability={track.rhythmStability} unit />
          )}
          <span className="album-track-time">{formatDuration(track.durationSec)}</span>
        </button>
      </li>
    </>
  )
}
