/**
 * Synthetic test signals (the spec's "synthetic checks") and a float WAV writer, so tests can make a
 * signal in memory, analyse it directly, and also hand the same samples to ffmpeg for reference values.
 */
import { writeFileSync } from 'node:fs'

import { rng } from '../../src/shared/random'

/** Deterministic PRNG (mulberry32) so noise tests are reproducible. */
export { rng }

export const dbToGain = (db: number): number => 10 ** (db / 20)

/** Sine of `freq` Hz, peak amplitude `amp` (1 = 0 dBFS), `seconds` long. */
export function sine(sampleRate: number, seconds: number, freq: number, amp = 1, phase = 0): Float32Array {
  const n = Math.round(sampleRate * seconds)
  const out = new Float32Array(n)
  const w = (2 * Math.PI * freq) / sampleRate
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin(w * i + phase)
  return out
}

/** Uniform white noise in [-amp, amp). */
export function whiteNoise(sampleRate: number, seconds: number, amp = 0.5, seed = 1): Float32Array {
  const r = rng(seed)
  const n = Math.round(sampleRate * seconds)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = amp * (2 * r() - 1)
  return out
}

/** Click track: rectangular clicks of `clickMs` ms at `bpm`, amplitude `amp`, starting at t = 0. */
export function clickTrack(sampleRate: number, seconds: number, bpm: number, clickMs = 1, amp = 0.9): Float32Array {
  const n = Math.round(sampleRate * seconds)
  const out = new Float32Array(n)
  const period = (60 / bpm) * sampleRate
  const len = Math.max(1, Math.round((clickMs / 1000) * sampleRate))
  for (let k = 0; ; k++) {
    const start = Math.round(k * period)
    if (start >= n) break
    for (let i = 0; i < len && start + i < n; i++) out[start + i] = amp
  }
  return out
}

/** Exponential sweep from f0 to f1 Hz over `seconds`. */
export function sweep(sampleRate: number, seconds: number, f0: number, f1: number, amp = 0.5): Float32Array {
  const n = Math.round(sampleRate * seconds)
  const out = new Float32Array(n)
  const k = Math.log(f1 / f0) / seconds
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate
    out[i] = amp * Math.sin(((2 * Math.PI * f0) / k) * (Math.exp(k * t) - 1))
  }
  return out
}

/** Concatenates signals. */
export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** −x for every sample. */
export function negate(x: Float32Array): Float32Array {
  return x.map((v) => -v)
}

/** Writes a 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT) with the given channels (equal lengths). */
export function writeWavFloat(path: string, sampleRate: number, channels: Float32Array[]): void {
  const ch = channels.length
  const n = channels[0]?.length ?? 0
  const dataBytes = n * ch * 4
  const buf = Buffer.alloc(44 + dataBytes)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + dataBytes, 4)
  buf.write('WAVE', 8, 'ascii')
  buf.write('fmt ', 12, 'ascii')
  buf.writeUInt32LE(16, 16)
  buf.writeUInt16LE(3, 20) // IEEE float
  buf.writeUInt16LE(ch, 22)
  buf.writeUInt32LE(sampleRate, 24)
  buf.writeUInt32LE(sampleRate * ch * 4, 28)
  buf.writeUInt16LE(ch * 4, 32)
  buf.writeUInt16LE(32, 34)
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(dataBytes, 40)
  let o = 44
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < ch; c++) {
      buf.writeFloatLE((channels[c] as Float32Array)[i] as number, o)
      o += 4
    }
  }
  writeFileSync(path, buf)
}
