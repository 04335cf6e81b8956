/** The player bar: play/pause, a seek bar and the time, for the track chosen with any ▶ button. */
import { useEffect, useRef, useState } from 'react'
import { getApi } from '../api'
import { formatDuration } from '../lib/format'
import { openTrack } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { TID } from '../testids'

const MEDIA_ERRORS: Record<number, string> = {
  1: 'playback was stopped',
  2: 'a network error interrupted the download',
  3: 'the audio could not be decoded',
  4: 'this format cannot be played here',
}

export function AudioPlayer() {
  const track = usePlayer((s) => s.track)
  const command = usePlayer((s) => s.command)
  const playing = usePlayer((s) => s.playing)
  const audio = useRef<HTMLAudioElement>(null)
  const [time, setTime] = useState(0)
  const [duration, setDuration] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [seeking, setSeeking] = useState<number | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: react to each command exactly once
  useEffect(() => {
    const el = audio.current
    if (!el || !track) return
    if (command.kind === 'toggle') {
      if (el.paused) void el.play().catch((e: unknown) => setError(String(e)))
      else el.pause()
      return
    }
    setError(null)
    setTime(0)
    setDuration(0)
    el.src = getApi().audioUrl(track.id)
    void el.play().catch((e: unknown) => {
      if (e instanceof DOMException && e.name === 'AbortError') return
      if (e instanceof DOMException && e.name === 'NotAllowedError') setError('Press play to start.')
    })
  }, [command.n])

  if (!track) return null

  const el = audio.current
  const shownTime = seeking ?? time
  const dur = Number.isFinite(duration) && duration > 0 ? duration : 0

  return (
    <div className="player" data-testid={TID.audioPlayer} data-track-id={track.id} data-playing={playing}>
      {/* biome-ignore lint/a11y/useMediaCaption: music has no captions */}
      <audio
        ref={audio}
        preload="metadata"
        onPlay={() => usePlayer.getState().setPlaying(true)}
        onPause={() => usePlayer.getState().setPlaying(false)}
        onEnded={() => usePlayer.getState().setPlaying(false)}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onDurationChange={(e) => setDuration(e.currentTarget.duration)}
        onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
        onError={(e) => {
          const code = e.currentTarget.error?.code ?? 0
          setError(`Cannot play this track: ${MEDIA_ERRORS[code] ?? 'unknown error'}.`)
          usePlayer.getState().setPlaying(false)
        }}
      />
      <button
        type="button"
        className="icon-button big"
        aria-label={playing ? 'Pause' : 'Play'}
        onClick={() => {
          if (!el) return
          if (el.paused) void el.play().catch(() => {})
          else el.pause()
        }}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
      </button>
      <div className="player-track">
        <button type="button" className="link player-title" onClick={() => openTrack(track.id)} title="Open this track">
          {track.title}
        </button>
        <span className="muted small">{error ?? track.artist ?? ''}</span>
      </div>
      <span className="time" aria-hidden="true">
        {formatDuration(shownTime)}
      </span>
      <input
        type="range"
        className="seek"
        aria-label="Seek"
        aria-valuetext={`${formatDuration(shownTime)} of ${formatDuration(dur)}`}
        min={0}
        max={dur || 1}
        step={0.1}
        value={Math.min(shownTime, dur || 1)}
        disabled={!dur}
        onChange={(e) => {
          const v = Number(e.target.value)
          setSeeking(v)
          if (el) el.currentTime = v
          setTime(v)
        }}
        onPointerUp={() => setSeeking(null)}
        onKeyUp={() => setSeeking(null)}
        onBlur={() => setSeeking(null)}
      />
      <span className="time" aria-hidden="true">
        {formatDuration(dur || null)}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Close the player"
        title="Close"
        onClick={() => {
          el?.pause()
          usePlayer.getState().stop()
        }}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  )
}
