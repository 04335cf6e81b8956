/**
 * The spec's "Synthetic checks every implementation must pass" (docs/fingerprint.md, last
 * table), one `it` per row, through the real streaming analysis (analyzeBuffers), plus the
 * reference points the spec states inside its definitions (sustained chord, sweep, metronome, …).
 * Loudness references come from ffmpeg's ebur128 filter on the same samples written as float WAV.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeBuffers } from '../src/dsp-worker/analysis/index'
import { ffmpegEbur128, hasCommand, makeTempDir } from './helpers/audio'
import { clickTrack, concat, dbToGain, negate, sine, sweep, whiteNoise, writeWavFloat } from './helpers/signals'

const SR = 44100
const tmp = makeTempDir('soundprint-spec-')
afterAll(() => tmp.cleanup())
const haveFfmpeg = hasCommand('ffmpeg')

/** ffmpeg's integrated loudness and LRA of the given channels (written as a float WAV). */
function ffmpegReference(name: string, channels: Float32Array[], sr = SR) {
  const file = join(tmp.dir, `${name}.wav`)
  writeWavFloat(file, sr, channels)
  return ffmpegEbur128(file)
}

/** Sum of sines at the given frequencies (each with `harmonics` partials of amplitude amp/h). */
function chord(freqs: number[], seconds: number, amp: number, harmonics = 1): Float32Array {
  const out = new Float32Array(Math.round(SR * seconds))
  for (const f of freqs) {
    for (let h = 1; h <= harmonics; h++) {
      const s = sine(SR, seconds, f * h, amp / h, 0.7 * h)
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (s[i] as number)
    }
  }
  return out
}

describe('spec synthetic checks', () => {
  it('1 kHz sine, −20 dBFS, 10 s, mono 44.1 kHz', () => {
    const x = sine(SR, 10, 1000, dbToGain(-20))
    const { fingerprint: f, silent } = analyzeBuffers(SR, x)
    expect(silent).toBe(false)
    expect(f.mid).toBeGreaterThanOrEqual(0.95)
    expect(Math.abs(f.spectral_centroid_hz - 1000)).toBeLessThanOrEqual(30)
    expect(f.crest_db).toBeCloseTo(3.01, 1)
    expect(Math.abs(f.crest_db - 3.01)).toBeLessThanOrEqual(0.05)
    expect(Math.abs(f.stereo_width)).toBeLessThan(1e-9)
    expect(f.phase_correlation).toBeCloseTo(1, 6)
    expect(f.pitch_stability).toBeGreaterThanOrEqual(0.9)
    expect(f.chroma_energy).toBeGreaterThanOrEqual(0.8)
    if (haveFfmpeg) {
      const ref = ffmpegReference('sine-1k-mono', [x])
      expect(Math.abs(f.lufs - ref.integrated), `lufs ${f.lufs} vs ffmpeg ${ref.integrated}`).toBeLessThanOrEqual(0.1)
    }
  })

  it('white noise, stereo independent channels, 10 s', () => {
    const l = whiteNoise(SR, 10, 0.5, 11)
    const r = whiteNoise(SR, 10, 0.5, 12)
    const { fingerprint: f } = analyzeBuffers(SR, l, r)
    expect(f.spectral_flatness).toBeGreaterThanOrEqual(0.4)
    expect(f.spectral_flatness).toBeLessThanOrEqual(0.7)
    expect(Math.abs(f.stereo_width - 0.5)).toBeLessThanOrEqual(0.05)
    expect(Math.abs(f.phase_correlation)).toBeLessThanOrEqual(0.05)
    expect(f.chroma_energy).toBeLessThanOrEqual(0.05)
    expect(f.pitch_stability).toBeLessThanOrEqual(0.1)
  })

  it('click track (1 ms clicks) at 120 BPM, 20 s', () => {
    const { fingerprint: f } = analyzeBuffers(SR, clickTrack(SR, 20, 120))
    expect(Math.abs(f.tempo_bpm - 120)).toBeLessThanOrEqual(2)
    expect(f.rhythm_stability).toBeGreaterThanOrEqual(0.8)
    expect(Math.abs(f.transient_density - 2)).toBeLessThanOrEqual(0.2)
    expect(f.harmonic_ratio).toBeLessThanOrEqual(0.2)
  })

  for (const bpm of [87, 143]) {
    it(`click track at ${bpm} BPM: tempo within ±2 %`, () => {
      const { fingerprint: f } = analyzeBuffers(SR, clickTrack(SR, 20, bpm))
      expect(Math.abs(f.tempo_bpm - bpm) / bpm, `tempo ${f.tempo_bpm}`).toBeLessThanOrEqual(0.02)
    })
  }

  it('5 s tone then 5 s digital silence: silence_ratio 0.5 ± 0.03', () => {
    const x = concat(sine(SR, 5, 440, 0.5), new Float32Array(SR * 5))
    const { fingerprint: f, silent } = analyzeBuffers(SR, x)
    expect(silent).toBe(false)
    expect(Math.abs(f.silence_ratio - 0.5)).toBeLessThanOrEqual(0.03)
  })

  it('L = sine, R = −sine: width ≥ 0.99, correlation ≤ −0.99', () => {
    const l = sine(SR, 5, 440, 0.5)
    const { fingerprint: f } = analyzeBuffers(SR, l, negate(l))
    expect(f.stereo_width).toBeGreaterThanOrEqual(0.99)
    expect(f.phase_correlation).toBeLessThanOrEqual(-0.99)
  })

  for (const [label, db] of [
    ['case 1', -23],
    ['case 2', -33],
  ] as const) {
    it(`EBU Tech 3341 ${label}: 1 kHz stereo sine at ${db} dBFS per channel, 20 s → ${db} LUFS ± 0.1`, () => {
      const x = sine(SR, 20, 1000, dbToGain(db))
      const { fingerprint: f } = analyzeBuffers(SR, x, x.slice())
      expect(Math.abs(f.lufs - db), `lufs ${f.lufs}`).toBeLessThanOrEqual(0.1)
    })
  }

  it('a sine that steps 6 dB louder every second: loudness range and crest variation exceed the steady sine’s', () => {
    const seconds = 9
    const n = SR * seconds
    const x = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const t = i / SR
      x[i] = dbToGain(-50 + 6 * Math.floor(t)) * Math.sin((2 * Math.PI * 1000 * i) / SR)
    }
    const steady = sine(SR, seconds, 1000, dbToGain(-26))
    const stepped = analyzeBuffers(SR, x).fingerprint
    const flat = analyzeBuffers(SR, steady).fingerprint
    expect(stepped.loudness_range_lu).toBeGreaterThan(flat.loudness_range_lu + 1)
    expect(stepped.dynamic_range_variation_db).toBeGreaterThan(flat.dynamic_range_variation_db + 0.1)
    if (haveFfmpeg) {
      const ref = ffmpegReference('stepped-sine', [x])
      expect(
        Math.abs(stepped.loudness_range_lu - ref.lra),
        `LRA ${stepped.loudness_range_lu} vs ${ref.lra}`,
      ).toBeLessThanOrEqual(1)
    }
  })
})

describe('reference points stated in the spec’s definitions', () => {
  it('a sustained chord has harmonic_ratio ≥ 0.85 (pure triad and one with harmonics)', () => {
    const pure = analyzeBuffers(SR, chord([261.63, 329.63, 392.0], 6, 0.2)).fingerprint
    expect(pure.harmonic_ratio).toBeGreaterThanOrEqual(0.85)
    const rich = analyzeBuffers(SR, chord([110, 138.59, 164.81, 220], 6, 0.15, 6)).fingerprint
    expect(rich.harmonic_ratio).toBeGreaterThanOrEqual(0.85)
  })

  it('a sweep of two octaves per second has pitch_stability ≤ 0.3', () => {
    const up = analyzeBuffers(SR, sweep(SR, 2, 100, 1600, 0.5)).fingerprint
    expect(up.pitch_stability).toBeLessThanOrEqual(0.3)
    const down = analyzeBuffers(SR, sweep(SR, 2, 1800, 112.5, 0.5)).fingerprint
    expect(down.pitch_stability).toBeLessThanOrEqual(0.3)
  })

  it('steady sines across the f0 range have pitch_stability ≥ 0.9 and chroma_energy ≥ 0.8', () => {
    for (const f0 of [65, 110, 440, 1000, 1900]) {
      const f = analyzeBuffers(SR, sine(SR, 4, f0, 0.3)).fingerprint
      expect(f.pitch_stability, `${f0} Hz`).toBeGreaterThanOrEqual(0.9)
      expect(f.chroma_energy, `${f0} Hz`).toBeGreaterThanOrEqual(0.8)
    }
  })

  it('white noise: flatness ≈ 0.5–0.6; a pure tone: flatness < 0.01', () => {
    const noise = analyzeBuffers(SR, whiteNoise(SR, 5, 0.5, 3)).fingerprint
    expect(noise.spectral_flatness).toBeGreaterThanOrEqual(0.5)
    expect(noise.spectral_flatness).toBeLessThanOrEqual(0.6)
    const tone = analyzeBuffers(SR, sine(SR, 5, 1000, 0.5)).fingerprint
    expect(tone.spectral_flatness).toBeLessThan(0.01)
  })

  it('a metronome has rhythm_stability ≥ 0.8; white noise ≤ 0.2', () => {
    expect(analyzeBuffers(SR, clickTrack(SR, 20, 100)).fingerprint.rhythm_stability).toBeGreaterThanOrEqual(0.8)
    expect(analyzeBuffers(SR, whiteNoise(SR, 20, 0.5, 4)).fingerprint.rhythm_stability).toBeLessThanOrEqual(0.2)
  })

  it('crest of a full-scale sine is 3.01 dB; a steady tone has peak_consistency 1', () => {
    const f = analyzeBuffers(SR, sine(SR, 5, 997, 1)).fingerprint
    expect(Math.abs(f.crest_db - 3.01)).toBeLessThanOrEqual(0.05)
    expect(f.peak_consistency).toBeCloseTo(1, 2)
  })

  it('stereo: one channel only gives width 0.5 and correlation 0', () => {
    const l = whiteNoise(SR, 5, 0.5, 8)
    const f = analyzeBuffers(SR, l, new Float32Array(l.length)).fingerprint
    expect(f.stereo_width).toBeCloseTo(0.5, 3)
    expect(f.phase_correlation).toBeCloseTo(0, 6)
  })

  it('digital silence is flagged silent: every value 0 except lufs −70', () => {
    const out = analyzeBuffers(SR, new Float32Array(SR * 3))
    expect(out.silent).toBe(true)
    for (const [k, v] of Object.entries(out.fingerprint)) expect(v, k).toBe(k === 'lufs' ? -70 : 0)
  })
})
