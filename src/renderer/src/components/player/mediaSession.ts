/**
 * The Media Session API: the OS learns what plays (title, artist, album, artwork when the track has
 * a cover) and its media keys drive the player (play, pause, next, previous, seek). Works in
 * Chromium and in Electron; does nothing where the API is missing.
 */
import { coverUrl } from '../../lib/media'
import { usePlayer } from '../../stores/player'
import { SEEK_STEP_SEC } from './keys'

/** The OS fetches artwork by URL: a relative one is made absolute against the page. */
const absolute = (url: string): string => new URL(url, document.baseURI).href

export function startMediaSession(): () => void {
  const ms = typeof navigator !== 'undefined' ? navigator.mediaSession : undefined
  if (!ms || typeof MediaMetadata === 'undefined') return () => {}
  const p = usePlayer.getState
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => p().track && !p().playing && p().toggle()],
    ['pause', () => p().playing && p().toggle()],
    ['nexttrack', () => p().skip()],
    ['previoustrack', () => p().previous()],
    ['seekto', (d) => d.seekTime != null && p().seek(d.seekTime)],
    ['seekbackward', (d) => p().seek(p().time - (d.seekOffset ?? SEEK_STEP_SEC))],
    ['seekforward', (d) => p().seek(p().time + (d.seekOffset ?? SEEK_STEP_SEC))],
    ['stop', () => p().playing && p().toggle()],
  ]
  for (const [action, handler] of handlers) {
    try {
      ms.setActionHandler(action, handler)
    } catch {
      // An action this browser does not know.
    }
  }
  let lastId: number | null = null
  let lastPos = 0
  const sync = (s: ReturnType<typeof p>) => {
    const t = s.track
    if ((t?.id ?? null) !== lastId) {
      lastId = t?.id ?? null
      const cover = t?.coverId
      ms.metadata = t
        ? new MediaMetadata({
            title: t.title,
            artist: t.artist ?? '',
            album: t.album ?? '',
            // The thumbnail (at most 256 px) for small displays, the full image (at most 1200 px) for large ones.
            artwork: cover
              ? [
                  { src: absolute(coverUrl(cover, 'thumb')), sizes: '256x256', type: 'image/jpeg' },
                  { src: absolute(coverUrl(cover, 'full')), type: 'image/jpeg' },
                ]
              : [],
          })
        : null
    }
    ms.playbackState = !t ? 'none' : s.playing ? 'playing' : 'paused'
    // The position, at most once a second or when it jumps (a seek).
    if (t && s.duration > 0 && (Math.abs(s.time - lastPos) >= 1 || s.time < lastPos)) {
      lastPos = s.time
      try {
        ms.setPositionState({ duration: s.duration, position: Math.min(s.time, s.duration), playbackRate: 1 })
      } catch {
        // A position past the duration while metadata loads.
      }
    }
  }
  sync(p())
  const unsub = usePlayer.subscribe(sync)
  return () => {
    unsub()
    for (const [action] of handlers) {
      try {
        ms.setActionHandler(action, null)
      } catch {}
    }
    ms.metadata = null
  }
}
