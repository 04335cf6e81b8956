/**
 * The audio behind the player: two <audio> elements that take turns — one plays while the other
 * has the next track loaded and buffered, so at the end of a track the switch is a play() on audio
 * that is already there. Each element goes through its own Web Audio GainNode (level matching may
 * need to boost, which an element's volume cannot) into one master GainNode (volume and mute).
 * Without Web Audio it falls back to the element's volume (level matching can then only attenuate).
 *
 * Only the active element's events count; the active one carries data-active="true" (for tests).
 */
import type { PlaybackEngine, PlayerTrack } from '../../stores/player'

interface EngineEvents {
  ended(): void
  time(time: number, duration: number): void
  playing(playing: boolean): void
  error(reason: string): void
  /** The browser refused to start audio without a user gesture. */
  blocked(): void
}

const MEDIA_ERRORS: Record<number, string> = {
  1: 'playback was stopped',
  2: 'a network error interrupted the download',
  3: 'the audio could not be decoded',
  4: 'the file is missing or its format cannot be played here',
}

export class AudioEngine implements PlaybackEngine {
  private active = 0
  /** Track id loaded in each element (null: none). */
  private ids: (number | null)[] = [null, null]
  private ctx: AudioContext | null = null
  private trackGains: (GainNode | null)[] = [null, null]
  private master: GainNode | null = null
  private noWebAudio = false
  private gain = 1
  private volume = 1
  private muted = false
  private readonly offs: (() => void)[] = []

  constructor(
    private readonly els: [HTMLAudioElement, HTMLAudioElement],
    private readonly urlOf: (id: number) => string,
    private readonly events: EngineEvents,
  ) {
    for (const [i, el] of els.entries()) {
      el.crossOrigin = 'anonymous'
      el.preload = 'auto'
      const on = (name: string, fn: () => void) => {
        el.addEventListener(name, fn)
        this.offs.push(() => el.removeEventListener(name, fn))
      }
      const mine = () => this.active === i
      on('ended', () => mine() && events.ended())
      on('timeupdate', () => mine() && events.time(el.currentTime, el.duration))
      on('durationchange', () => mine() && events.time(el.currentTime, el.duration))
      on('play', () => mine() && events.playing(true))
      on('pause', () => mine() && events.playing(false))
      on('error', () => {
        if (!el.getAttribute('src')) return
        if (mine()) events.error(MEDIA_ERRORS[el.error?.code ?? 0] ?? 'it could not be played')
        else this.ids[i] = null // a failed preload: the track is loaded afresh (and fails visibly) when its turn comes
      })
    }
    this.mark()
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off()
    for (const el of this.els) el.pause()
    void this.ctx?.close().catch(() => {})
  }

  private get el(): HTMLAudioElement {
    return this.els[this.active] as HTMLAudioElement
  }

  private mark(): void {
    this.els.forEach((el, i) => {
      el.dataset.active = String(i === this.active)
      if (this.ids[i] != null) el.dataset.trackId = String(this.ids[i])
      else delete el.dataset.trackId
    })
  }

  /** Builds the Web Audio graph on first use (inside a user gesture, so the context may start). */
  private graph(): boolean {
    if (this.ctx) return true
    if (this.noWebAudio) return false
    try {
      const Ctx = globalThis.AudioContext
      if (!Ctx) throw new Error('no Web Audio')
      const ctx = new Ctx()
      const master = ctx.createGain()
      master.connect(ctx.destination)
      this.els.forEach((el, i) => {
        const g = ctx.createGain()
        ctx.createMediaElementSource(el).connect(g)
        g.connect(master)
        this.trackGains[i] = g
      })
      this.ctx = ctx
      this.master = master
      this.applyOutput()
      return true
    } catch {
      this.noWebAudio = true
      return false
    }
  }

  private applyOutput(): void {
    const out = this.muted ? 0 : this.volume
    if (this.ctx && this.master) {
      this.master.gain.value = out
      this.trackGains.forEach((g, i) => {
        if (g) g.gain.value = i === this.active ? this.gain : 1
      })
      for (const el of this.els) el.volume = 1
    } else {
      // Element volume cannot exceed 1: without Web Audio, level matching only turns loud tracks down.
      this.el.volume = Math.min(1, out * this.gain)
    }
  }

  load(track: PlayerTrack, gain: number): void {
    this.graph()
    const standby = 1 - this.active
    this.gain = gain
    if (this.ids[this.active] === track.id && this.el.getAttribute('src')) {
      // The same track again (repeat one, or jumping to it): from the start.
      this.el.currentTime = 0
    } else if (this.ids[standby] === track.id) {
      this.el.pause()
      this.active = standby
      this.el.currentTime = 0
    } else {
      this.el.src = this.urlOf(track.id)
      this.ids[this.active] = track.id
    }
    this.mark()
    this.applyOutput()
    this.play()
    this.events.time(this.el.currentTime, this.el.duration)
  }

  preload(track: PlayerTrack | null): void {
    if (!track) return
    const standby = 1 - this.active
    if (this.ids[standby] === track.id || this.ids[this.active] === track.id) return
    const el = this.els[standby] as HTMLAudioElement
    el.pause()
    el.src = this.urlOf(track.id)
    el.load()
    this.ids[standby] = track.id
    this.mark()
  }

  play(): void {
    if (!this.el.getAttribute('src')) return
    this.graph()
    void this.ctx?.resume().catch(() => {})
    void this.el.play().catch((e: unknown) => {
      if (e instanceof DOMException && e.name === 'NotAllowedError') this.events.blocked()
      // AbortError: a newer load replaced this one; media errors arrive as the 'error' event.
    })
  }

  pause(): void {
    this.el.pause()
  }

  stop(): void {
    this.els.forEach((el, i) => {
      el.pause()
      el.removeAttribute('src')
      el.load()
      this.ids[i] = null
    })
    this.mark()
    this.events.playing(false)
  }

  seek(sec: number): void {
    if (Number.isFinite(sec)) this.el.currentTime = Math.max(0, sec)
  }

  currentTime(): number {
    return this.el.currentTime
  }

  setTrackGain(gain: number): void {
    this.gain = gain
    this.applyOutput()
  }

  setOutput(volume: number, muted: boolean): void {
    this.volume = volume
    this.muted = muted
    this.applyOutput()
  }
}
