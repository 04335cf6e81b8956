import { describe, expect, it } from 'vitest'
import { clickTrack, sine, sweep, whiteNoise } from '../../../test/helpers/signals'
import { analyzeBuffers } from './index'
import { Path22kStage } from './path22k'

function path22k(sr: number, x: Float32Array, chunk = 65536) {
  const st = new Path22kStage(sr)
  for (let i = 0; i < x.length; i += chunk) {
    const c = x.subarray(i, Math.min(x.length, i + chunk))
    st.push(c, c, c)
  }
  return { ...st.finish(), frames: st.frames, fineFrames: st.fineFrames }
}

describe('Path22kStage', () => {
  it('runs the 22 050 Hz STFT at 43 frames per second whatever the input rate', () => {
    for (const sr of [8000, 22050, 44100, 48000, 96000, 192000]) {
      const r = path22k(sr, sine(sr, 3, 440, 0.3))
      // 3 s at 22 050 Hz: (66 150 − 1024) / 512 + 1 ≈ 128 frames (less the resampler's tail).
      expect(r.frames, `${sr} Hz`).toBeGreaterThanOrEqual(126)
      expect(r.frames, `${sr} Hz`).toBeLessThanOrEqual(128)
      expect(r.fineFrames).toBe(32)
    }
  })

  for (const sr of [8000, 22050, 44100, 96000, 192000]) {
    it(`harmony behaves the same at ${sr} Hz`, () => {
      const tone = path22k(sr, sine(sr, 4, 440, 0.3))
      expect(tone.pitch_stability).toBeGreaterThanOrEqual(0.9)
      expect(tone.chroma_energy).toBeGreaterThanOrEqual(0.8)
      expect(tone.harmonic_ratio).toBeGreaterThanOrEqual(0.9)
      const noise = path22k(sr, whiteNoise(sr, 4, 0.5, 2))
      expect(noise.pitch_stability).toBeLessThanOrEqual(0.1)
      expect(noise.chroma_energy).toBeLessThanOrEqual(0.05)
      const clicks = path22k(sr, clickTrack(sr, 6, 120))
      expect(clicks.harmonic_ratio).toBeLessThanOrEqual(0.2)
    })
  }

  it('gives the same result for chunk sizes 1 000 and 65 536 (and 1)', () => {
    const x = sweep(44100, 3, 100, 2000, 0.4)
    const noise = whiteNoise(44100, 3, 0.1, 4)
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + (noise[i] as number)
    const big = path22k(44100, x, 65536)
    expect(path22k(44100, x, 1000)).toEqual(big)
    expect(path22k(44100, x.subarray(0, 44100), 1)).toEqual(path22k(44100, x.subarray(0, 44100), 4096))
    const y = sine(48000, 3, 300, 0.5)
    expect(path22k(48000, y, 1000)).toEqual(path22k(48000, y, 65536))
  })

  it('is finite on silence, DC, a full-scale square wave and a 20 ms stream', () => {
    const sr = 44100
    const cases: Array<[string, Float32Array]> = [
      ['silence', new Float32Array(sr * 2)],
      ['dc', new Float32Array(sr * 2).fill(0.5)],
      ['square', sine(sr, 2, 441, 1).map((v) => (v >= 0 ? 1 : -1))],
      ['20 ms', sine(sr, 0.02, 440, 0.5)],
      ['empty', new Float32Array(0)],
    ]
    for (const [name, x] of cases) {
      const r = path22k(sr, x)
      for (const [k, v] of Object.entries(r)) expect(Number.isFinite(v), `${name}: ${k}`).toBe(true)
    }
    expect(path22k(sr, sine(sr, 0.02, 440, 0.5)).frames).toBe(1)
  })
})

describe('analyzeBuffers (spectral and [22k] dimensions)', () => {
  it('a mono file and the same audio as identical stereo channels agree', () => {
    const x = sweep(44100, 3, 200, 3000, 0.3)
    const mono = analyzeBuffers(44100, x).fingerprint
    const stereo = analyzeBuffers(44100, x, x.slice()).fingerprint
    for (const k of [
      'sub_bass',
      'mid',
      'air',
      'bass_mid_ratio_db',
      'spectral_centroid_hz',
      'spectral_rolloff_hz',
      'spectral_flatness',
      'harmonic_ratio',
      'pitch_stability',
      'chroma_energy',
    ] as const)
      expect(stereo[k], k).toBeCloseTo(mono[k], 9)
  })

  it('the mono mix is what counts: L = −R cancels to silence in every spectral value', () => {
    const l = sine(44100, 3, 440, 0.5)
    const out = analyzeBuffers(
      44100,
      l,
      l.map((v) => -v),
    ).fingerprint
    expect(out.mid).toBe(0)
    expect(out.chroma_energy).toBe(0)
    expect(out.pitch_stability).toBe(0)
  })

  for (const sr of [8000, 22050, 96000, 192000]) {
    it(`all 25 values are finite at ${sr} Hz for DC, a full-scale square wave and a stereo tone`, () => {
      const square = sine(sr, 2, 441, 1).map((v) => (v >= 0 ? 1 : -1))
      const cases: Array<[string, Float32Array, Float32Array]> = [
        ['dc', new Float32Array(sr * 2).fill(0.25), new Float32Array(sr * 2).fill(0.25)],
        ['square', square, square],
        ['stereo tone', sine(sr, 2, 300, 0.5), sine(sr, 2, 500, 0.5)],
      ]
      for (const [name, l, r] of cases) {
        // analyzeBuffers throws on any non-finite value; check the bands too.
        const f = analyzeBuffers(sr, l, r).fingerprint
        const bands = f.sub_bass + f.bass + f.low_mid + f.mid + f.upper_mid + f.presence + f.air
        expect(Math.abs(bands - 1), name).toBeLessThan(1e-6)
      }
    })
  }
})
