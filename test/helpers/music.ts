/**
 * Small music-like test pieces synthesised in memory (drums, bass, chords, leads, pads, stereo
 * placement), deterministic per seed: distinct "recordings" for similarity tests, with rhythm, harmony,
 * timbre and stereo image that differ from piece to piece the way songs do.
 */
import { rng } from './signals'

export interface Piece {
  sampleRate: number
  left: Float32Array
  right: Float32Array
}

export interface PieceStyle {
  bpm: number
  /** Beats per bar (3 or 4). */
  meter: number
  /** MIDI note of the key's root. */
  root: number
  drums: 'rock' | 'four-on-floor' | 'brushes' | 'none'
  /** Timbre of the chords: bright saw, soft pluck, organ-like or a slow pad. */
  chords: 'saw' | 'pluck' | 'organ' | 'pad'
  lead: boolean
  /** 0 = mono, 1 = instruments spread hard left/right. */
  width: number
  seed: number
}

const midiHz = (n: number) => 440 * 2 ** ((n - 69) / 12)

class Mixer {
  readonly left: Float32Array
  readonly right: Float32Array
  constructor(
    readonly sr: number,
    seconds: number,
  ) {
    this.left = new Float32Array(Math.round(sr * seconds))
    this.right = new Float32Array(this.left.length)
  }

  /** Adds `gen(t)` (t in seconds from the note start) for `dur` s at `start`, panned −1…1. */
  add(start: number, dur: number, pan: number, gen: (t: number) => number): void {
    const i0 = Math.round(start * this.sr)
    const n = Math.min(Math.round(dur * this.sr), this.left.length - i0)
    const gl = Math.cos(((pan + 1) * Math.PI) / 4)
    const gr = Math.sin(((pan + 1) * Math.PI) / 4)
    for (let i = 0; i < n; i++) {
      const v = gen(i / this.sr)
      this.left[i0 + i]! += gl * v
      this.right[i0 + i]! += gr * v
    }
  }
}

const BASS = [1, 0.4, 0.2]
const LEAD = [1, 0.2, 0.5, 0.1]
const TABLE = 4096
const tables = new Map<number[], Float32Array>()

/** One cycle of the waveform with these partial amplitudes (cached per partials array). */
function wavetable(partials: number[]): Float32Array {
  let t = tables.get(partials)
  if (!t) {
    t = new Float32Array(TABLE + 1)
    for (let i = 0; i <= TABLE; i++) {
      let v = 0
      for (let k = 0; k < partials.length; k++)
        v += (partials[k] as number) * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE)
      t[i] = v
    }
    tables.set(partials, t)
  }
  return t
}

/** Harmonic tone with `partials` amplitudes (1/k roll-off for saw-like), attack/decay envelope. */
function tone(freq: number, partials: number[], attack: number, decay: number, sustain = 0, amp = 1) {
  const table = wavetable(partials)
  return (t: number) => {
    const env = amp * Math.min(1, t / attack) * (sustain + (1 - sustain) * Math.exp(-t / decay))
    const pos = (freq * t - Math.floor(freq * t)) * TABLE
    const i = Math.floor(pos)
    const a = table[i] as number
    return env * (a + ((table[i + 1] as number) - a) * (pos - i))
  }
}

export function synthPiece(style: PieceStyle, seconds = 20, sampleRate = 44100): Piece {
  const mix = new Mixer(sampleRate, seconds)
  const r = rng(style.seed)
  const beat = 60 / style.bpm
  const bar = beat * style.meter
  const w = style.width
  const progression = [0, 5, 7, 3, 0, 8, 5, 7].map((x, i) => (i % 2 === 0 ? x : (x + Math.floor(r() * 3)) % 12))
  const sawPartials = Array.from({ length: 12 }, (_, k) => 1 / (k + 1))
  const partials = {
    saw: sawPartials,
    pluck: [1, 0.5, 0.25, 0.12, 0.06],
    organ: [1, 0.8, 0, 0.6, 0, 0.4, 0, 0.3],
    pad: [1, 0.3, 0.1],
  }[style.chords]

  for (let b = 0, t0 = 0; t0 < seconds; b++, t0 += bar) {
    const chordRoot = style.root + (progression[b % progression.length] as number)
    const triad = [0, 4, 7].map((x, i) => chordRoot + x + (i === 1 && b % 3 === 2 ? -1 : 0))
    // Chords.
    if (style.chords === 'pad') {
      for (const [i, n] of triad.entries())
        mix.add(t0, bar * 1.05, (i - 1) * w * 0.8, tone(midiHz(n), partials, bar * 0.4, bar, 0.6))
    } else {
      const hits = style.chords === 'pluck' ? style.meter * 2 : style.meter
      for (let h = 0; h < hits; h++) {
        const n = triad[h % 3] as number
        const len = style.chords === 'pluck' ? beat / 2 : beat * 0.9
        const amp = style.chords === 'saw' ? 0.09 : 0.15
        mix.add(t0 + h * len, len, (h % 2 ? 1 : -1) * w * 0.6, tone(midiHz(n), partials, 0.005, len * 0.6, 0.3, amp))
        if (style.chords !== 'pluck')
          for (const m of triad)
            if (m !== n) mix.add(t0 + h * len, len, 0, tone(midiHz(m), partials, 0.005, len * 0.6, 0.3, amp * 0.6))
      }
    }
    // Bass: root on the beat (every other beat for slow meters).
    for (let q = 0; q < style.meter; q++) {
      if (style.drums === 'none' && q % 2) continue
      const n = chordRoot - 12 + (q === style.meter - 1 ? 7 : 0)
      mix.add(t0 + q * beat, beat * 0.95, 0, tone(midiHz(n), BASS, 0.01, beat * 0.5, 0.2, 0.25))
    }
    // Lead: a short melodic figure on eighths.
    if (style.lead) {
      for (let e = 0; e < style.meter * 2; e++) {
        if (r() < 0.3) continue
        const n = chordRoot + 12 + [0, 2, 4, 7, 9, 12][Math.floor(r() * 6)]!
        mix.add(t0 + (e * beat) / 2, beat / 2, w * 0.3, tone(midiHz(n), LEAD, 0.01, beat, 0.4, 0.12))
      }
    }
    // Drums.
    for (let q = 0; q < style.meter; q++) {
      const t = t0 + q * beat
      const noise = () => 2 * r() - 1
      const kick = (amp: number) => (tt: number) =>
        amp * Math.exp(-tt / 0.12) * Math.sin(2 * Math.PI * (45 * tt + 60 * 0.05 * (1 - Math.exp(-tt / 0.05))))
      const snare = (amp: number) => (tt: number) =>
        amp * Math.exp(-tt / 0.08) * (0.7 * noise() + 0.3 * Math.sin(2 * Math.PI * 190 * tt))
      const hat = (amp: number) => (tt: number) => amp * Math.exp(-tt / 0.02) * noise()
      if (style.drums === 'rock') {
        if (q % 2 === 0) mix.add(t, 0.4, 0, kick(0.8))
        else mix.add(t, 0.3, 0, snare(0.5))
        mix.add(t, 0.1, w * 0.5, hat(0.25))
        mix.add(t + beat / 2, 0.1, w * 0.5, hat(0.18))
      } else if (style.drums === 'four-on-floor') {
        mix.add(t, 0.4, 0, kick(0.9))
        mix.add(t + beat / 2, 0.1, -w * 0.7, hat(0.3))
        if (q % 2) mix.add(t, 0.2, w * 0.4, snare(0.3))
      } else if (style.drums === 'brushes') {
        mix.add(t, 0.25, -w * 0.3, (tt) => 0.12 * Math.exp(-tt / 0.06) * noise())
        if (q === 0) mix.add(t, 0.4, 0, kick(0.35))
      }
    }
  }
  // Normalise to a −1 dBFS peak.
  let peak = 0
  for (let i = 0; i < mix.left.length; i++) peak = Math.max(peak, Math.abs(mix.left[i]!), Math.abs(mix.right[i]!))
  const g = 0.89 / (peak || 1)
  for (let i = 0; i < mix.left.length; i++) {
    mix.left[i]! *= g
    mix.right[i]! *= g
  }
  return { sampleRate, left: mix.left, right: mix.right }
}
