/**
 * The player bar: previous / play-pause / next, the playing track, a seek bar that steps 5 s,
 * shuffle, repeat, level matching, volume and mute, and the queue. It owns the two <audio> elements
 * of the playback engine (which stay mounted while the bar is hidden), the global playback keys and
 * the Media Session (OS media keys and now-playing metadata), and the app-wide listening overlays
 * (track menu, path dialog, save-as-playlist dialog).
 */
import { useEffect, useRef } from 'react'
import { formatDuration } from '../lib/format'
import { gainDb } from '../lib/gain'
import { audioUrl } from '../lib/media'
import { openTrack, useNav } from '../stores/nav'
import { bindEngine, restoreQueue, startQueuePersistence, usePlayer } from '../stores/player'
import { startPlaylistsWatch } from '../stores/playlists'
import { startRadioWatch } from '../stores/radio'
import { TID } from '../testids'
import { LID } from '../testids-listen'
import { Cover } from './Cover'
import { PathDialog } from './PathDialog'
import { AudioEngine } from './player/engine'
import { Icon } from './player/icons'
import { SEEK_STEP_SEC, startPlayerKeys } from './player/keys'
import { startMediaSession } from './player/mediaSession'
import { QueuePanel } from './Queue'
import { SavePlaylistDialog } from './SavePlaylist'
import { TrackMenu } from './TrackMenu'
import '../listen.css'

export function AudioPlayer() {
  const a = useRef<HTMLAudioElement>(null)
  const b = useRef<HTMLAudioElement>(null)
  const track = usePlayer((s) => s.track)
  const queueOpen = usePlayer((s) => s.queueOpen)

  useEffect(() => {
    if (!a.current || !b.current) return
    const p = usePlayer.getState
    const engine = new AudioEngine([a.current, b.current], audioUrl, {
      ended: () => p().next({ auto: true }),
      time: (t, d) => p().setTime(t, Number.isFinite(d) ? d : 0),
      playing: (on) => p().setPlaying(on),
      error: (reason) => p().failed(reason),
      blocked: () => p().setNote('The browser blocked autoplay: press play to start.'),
    })
    // Going to another screen puts the queue away (it is an overlay).
    const offNav = useNav.subscribe((n, before) => {
      if (n.route !== before.route && p().queueOpen) p().setQueueOpen(false)
    })
    const stops = [
      offNav,
      bindEngine(engine),
      startPlayerKeys(),
      startMediaSession(),
      startRadioWatch(),
      startPlaylistsWatch(),
      startQueuePersistence(),
    ]
    void restoreQueue()
    return () => {
      for (const stop of stops) stop()
      engine.dispose()
    }
  }, [])

  return (
    <>
      {/* biome-ignore lint/a11y/useMediaCaption: music has no captions */}
      <audio ref={a} className="engine-audio" />
      {/* biome-ignore lint/a11y/useMediaCaption: music has no captions */}
      <audio ref={b} className="engine-audio" />
      {queueOpen && <QueuePanel />}
      {track && <PlayerBar />}
      <TrackMenu />
      <PathDialog />
      <SavePlaylistDialog />
    </>
  )
}

function PlayerBar() {
  const s = usePlayer()
  const radio = s.source?.kind === 'radio'
  const track = s.track
  if (!track) return null
  const dur = s.duration > 0 ? s.duration : (track.durationSec ?? 0)
  const upcoming = Math.max(0, s.entries.length - s.index - 1)
  const gainLabel = s.levelMatch ? `${gainDb(s.gain) >= 0 ? '+' : ''}${gainDb(s.gain).toFixed(1)} dB` : 'off'
  return (
    <section
      className="player"
      data-testid={TID.audioPlayer}
      data-track-id={track.id}
      data-playing={s.playing}
      aria-label="Player"
    >
      <div className="player-buttons">
        <button
          type="button"
          className="icon-button"
          aria-label="Previous track"
          title="Previous (Shift+←)"
          data-testid={LID.playerPrev}
          onClick={() => s.previous()}
        >
          <Icon name="prev" />
        </button>
        <button
          type="button"
          className="icon-button big"
          aria-label={s.playing ? 'Pause' : 'Play'}
          title={`${s.playing ? 'Pause' : 'Play'} (Space)`}
          data-testid={LID.playerToggle}
          onClick={() => s.toggle()}
        >
          <Icon name={s.playing ? 'pause' : 'play'} size={20} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next track"
          title="Next (Shift+→)"
          data-testid={LID.playerNext}
          onClick={() => s.skip()}
          disabled={upcoming === 0 && s.repeat === 'off' && !radio}
        >
          <Icon name="next" />
        </button>
      </div>
      <Cover coverId={track.coverId ?? null} name={track.album ?? track.title} className="player-cover" />
      <div className="player-track">
        <button
          type="button"
          className="link player-title"
          onClick={() => openTrack(track.id)}
          title={`Open “${track.title}”`}
          data-testid={LID.playerTitle}
        >
          {track.title}
        </button>
        {s.replaced && !s.note ? (
          <span className="small player-sub player-note" role="status" data-testid={LID.queueReplaced}>
            Queue replaced by {s.replaced.by} ·{' '}
            <button type="button" className="link" onClick={() => s.undoReplace()}>
              Undo
            </button>
          </span>
        ) : (
          <span
            className={`small player-sub${s.note ? ' player-note' : ' muted'}`}
            role={s.note ? 'status' : undefined}
          >
            {s.note ?? [track.artist ?? 'Unknown artist', track.album].filter(Boolean).join(' · ')}
          </span>
        )}
      </div>
      <div className="player-seek">
        <span className="time" aria-hidden="true">
          {formatDuration(s.time)}
        </span>
        <input
          type="range"
          className="seek"
          aria-label="Seek"
          aria-valuetext={`${formatDuration(s.time)} of ${formatDuration(dur)}`}
          data-testid={LID.seek}
          min={0}
          max={dur || 1}
          step={SEEK_STEP_SEC}
          value={Math.min(s.time, dur || 1)}
          disabled={!dur}
          onChange={(e) => s.seek(Number(e.target.value))}
        />
        <span className="time" aria-hidden="true">
          {formatDuration(dur || null)}
        </span>
      </div>
      <div className="player-modes">
        <button
          type="button"
          className={`icon-button${s.shuffle ? ' on' : ''}`}
          aria-pressed={s.shuffle}
          aria-label="Shuffle"
          title={s.shuffle ? 'Shuffle is on' : 'Shuffle'}
          data-testid={LID.shuffle}
          onClick={() => s.toggleShuffle()}
        >
          <Icon name="shuffle" />
        </button>
        <button
          type="button"
          className={`icon-button${s.repeat !== 'off' ? ' on' : ''}`}
          aria-label={`Repeat: ${s.repeat}`}
          title={s.repeat === 'off' ? 'Repeat: off' : s.repeat === 'all' ? 'Repeat the queue' : 'Repeat this track'}
          data-testid={LID.repeat}
          data-repeat={s.repeat}
          onClick={() => s.cycleRepeat()}
        >
          <Icon name="repeat" />
          {s.repeat === 'one' && <span className="repeat-one">1</span>}
        </button>
        <button
          type="button"
          className={`icon-button level${s.levelMatch ? ' on' : ''}`}
          aria-pressed={s.levelMatch}
          aria-label="Level-matched playback"
          title={`Level matching (every track at −16 LUFS): ${gainLabel}`}
          data-testid={LID.levelMatch}
          data-gain={s.gain}
          onClick={() => s.setLevelMatch(!s.levelMatch)}
        >
          <span aria-hidden="true">LV</span>
        </button>
      </div>
      <div className="player-volume">
        <button
          type="button"
          className="icon-button"
          aria-pressed={s.muted}
          aria-label={s.muted ? 'Unmute' : 'Mute'}
          title={`${s.muted ? 'Unmute' : 'Mute'} (M)`}
          data-testid={LID.mute}
          onClick={() => s.toggleMute()}
        >
          <Icon name={s.muted || s.volume === 0 ? 'muted' : 'volume'} />
        </button>
        <input
          type="range"
          aria-label="Volume"
          aria-valuetext={`${Math.round((s.muted ? 0 : s.volume) * 100)} %`}
          data-testid={LID.volume}
          min={0}
          max={1}
          step={0.05}
          value={s.muted ? 0 : s.volume}
          onChange={(e) => s.setVolume(Number(e.target.value))}
        />
      </div>
      <button
        type="button"
        className={`queue-button${s.queueOpen ? ' on' : ''}`}
        aria-expanded={s.queueOpen}
        aria-controls="queue-panel"
        title="Show the queue (Q)"
        data-testid={LID.queueButton}
        onClick={() => s.setQueueOpen(!s.queueOpen)}
      >
        {radio ? 'Radio' : 'Queue'}
        <span className="queue-count">{upcoming}</span>
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Stop and clear the queue"
        title="Stop and clear the queue"
        onClick={() => s.stop()}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </section>
  )
}
