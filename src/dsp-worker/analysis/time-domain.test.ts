import { describe, expect, it } from 'vitest'
import { concat, dbToGain, negate, rng, sine, whiteNoise } from '../../../test/helpers/signals'
import { TimeDomainStage } from './time-domain'

/** Runs the stage over whole buffers in chunks of `chunk` samples (R omitted = mono). */
function measure(sr: number, left: Float32Array, right?: Float32Array, chunk = 65536) {
  const stage = new TimeDomainStage(sr, right ? 2 : 1)
  const r = right ?? left
  const mono = new Float32Array(Math.min(chunk, left.length))
  for (let i = 0; i < left.length; i += chunk) {
    const l = left.subarray(i, i + chunk)
    const rr = r.subarray(i, i + chunk)
    const m = mono.subarray(0, l.length)
    for (let j = 0; j < l.length; j++) m[j] = 0.5 * ((l[j] as number) + (rr[j] as number))
    stage.push(l, right ? rr : l, m)
  }
  const values = stage.finish()
  for (const [k, v] of Object.entries(values)) expect(Number.isFinite(v), k).toBe(true)
  return { ...values, nonSilentFrames: stage.nonSilentFrames }
}

/** Sine that steps 6 dB louder every second, from −42 dBFS. */
function steppedSine(sr: number, seconds: number): Float32Array {
  return concat(...Array.from({ length: seconds }, (_, k) => sine(sr, 1, 1000, dbToGain(-42 + 6 * k))))
}

describe('TimeDomainStage', () => {
  it('gives the same result for chunk sizes 1, 1000 and 65536', () => {
    const sr = 44100
    const n = 3.7 * sr
    const r = rng(7)
    const left = new Float32Array(n)
    const right = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const env = i < sr ? 0 : 0.5 + 0.5 * Math.sin(i / 3000)
      left[i] = env * (0.4 * Math.sin(i * 0.03) + 0.2 * (r() - 0.5))
      right[i] = env * (0.3 * Math.sin(i * 0.031) + 0.2 * (r() - 0.5))
    }
    const a = measure(sr, left, right, 65536)
    for (const chunk of [1, 1000]) {
      const b = measure(sr, left, right, chunk)
      for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k], `${k} @ chunk ${chunk}`).toBeCloseTo(a[k], 9)
    }
    expect(a.silence_ratio).toBeGreaterThan(0.2) // the silent first second
    // One chunk holding the whole track (longer than the kernel's 64 Ki-sample piece).
    const whole = measure(sr, left, right, left.length)
    for (const k of Object.keys(a) as (keyof typeof a)[]) expect(whole[k], `${k} in one chunk`).toBeCloseTo(a[k], 9)
  })

  it('full-scale sine: crest 3.01 dB, mono stereo image, steady windows', () => {
    const v = measure(44100, sine(44100, 5, 997, 1))
    expect(v.crest_db).toBeCloseTo(3.0103, 2)
    expect(Math.abs(v.crest_db - 3.01)).toBeLessThan(0.05)
    expect(v.stereo_width).toBe(0)
    expect(v.phase_correlation).toBe(1)
    expect(v.peak_consistency).toBeGreaterThan(0.999)
    expect(v.dynamic_range_variation_db).toBeLessThan(0.01)
    expect(v.loudness_range_lu).toBeLessThan(0.1)
    expect(v.silence_ratio).toBe(0)
  })

  it('keeps peaks above full scale (decoded music can overshoot)', () => {
    const v = measure(48000, sine(48000, 2, 440, 1.5))
    expect(v.crest_db).toBeCloseTo(3.01, 1)
  })

  it('crest counts only the 400 ms blocks that pass the −70 LUFS gate', () => {
    const sr = 44100
    const tone = sine(sr, 4, 1000, 0.5)
    const withSilence = concat(tone, new Float32Array(20 * sr))
    // Over the whole track the RMS would fall by 10·log10(24/4) = 7.8 dB; gated, only the blocks
    // straddling the tone's end (and the filter's decay) add a little.
    const crest = measure(sr, withSilence).crest_db
    expect(crest).toBeGreaterThan(3.0)
    expect(crest).toBeLessThan(3.4)
  })

  it('5 s tone + 5 s digital silence → silence_ratio 0.5', () => {
    const sr = 44100
    const v = measure(sr, concat(sine(sr, 5, 440, 0.5), new Float32Array(5 * sr)))
    expect(Math.abs(v.silence_ratio - 0.5)).toBeLessThan(0.03)
    expect(v.nonSilentFrames).toBeGreaterThan(100)
  })

  it('digital silence: no non-silent frame, lufs −70, everything finite', () => {
    const v = measure(44100, new Float32Array(44100 * 3), new Float32Array(44100 * 3))
    expect(v.nonSilentFrames).toBe(0)
    expect(v.silence_ratio).toBe(1)
    expect(v.lufs).toBe(-70)
    expect(v.phase_correlation).toBe(0)
    expect(v.stereo_width).toBe(0)
  })

  it('a −65 dBFS tone is silent; a −55 dBFS tone is not', () => {
    const sr = 22050
    expect(measure(sr, sine(sr, 2, 500, dbToGain(-65 + 3.0103))).silence_ratio).toBe(1)
    expect(measure(sr, sine(sr, 2, 500, dbToGain(-55 + 3.0103))).silence_ratio).toBe(0)
  })

  it('very short and empty inputs stay finite', () => {
    const short = measure(44100, sine(44100, 0.01, 1000, 0.5))
    expect(short.nonSilentFrames).toBe(1)
    expect(short.lufs).toBe(-70) // shorter than one 400 ms block, as ffmpeg
    expect(short.crest_db).toBeCloseTo(3.01, 1)
    const empty = new TimeDomainStage(44100, 2).finish()
    for (const v of Object.values(empty)) expect(Number.isFinite(v)).toBe(true)
  })

  it('non-finite input samples are treated as 0, never poison the result', () => {
    const x = sine(44100, 3, 1000, 0.5)
    const bad = x.slice()
    bad[1000] = Number.NaN
    bad[50000] = Number.POSITIVE_INFINITY
    const a = measure(44100, x)
    const b = measure(44100, bad)
    expect(b.lufs).toBeCloseTo(a.lufs, 2)
    expect(b.crest_db).toBeCloseTo(a.crest_db, 1)
    // Stereo (the kernel path), bad samples in both channels and in later segments of a chunk.
    const r = sine(44100, 3, 700, 0.3)
    const badR = r.slice()
    badR[70000] = Number.NEGATIVE_INFINITY
    const c = measure(44100, x, r)
    const d = measure(44100, bad, badR)
    for (const k of ['lufs', 'crest_db', 'loudness_range_lu', 'stereo_width', 'phase_correlation'] as const) {
      expect(d[k], k).toBeCloseTo(c[k], 2)
    }
  })

  describe('stereo image', () => {
    const sr = 44100
    const s = sine(sr, 4, 440, 0.5)
    it('L = R: width 0, correlation 1', () => {
      const v = measure(sr, s, s.slice())
      expect(v.stereo_width).toBeCloseTo(0, 12)
      expect(v.phase_correlation).toBeCloseTo(1, 9)
    })
    it('L = −R: width ≥ 0.99, correlation ≤ −0.99, and the track is not silent', () => {
      const v = measure(sr, s, negate(s))
      expect(v.stereo_width).toBeGreaterThanOrEqual(0.99)
      expect(v.phase_correlation).toBeLessThanOrEqual(-0.99)
      expect(v.nonSilentFrames).toBeGreaterThan(0)
      expect(v.silence_ratio).toBe(1) // its mono mix is silent
    })
    it('one channel only: width 0.5, correlation 0 (silent channel)', () => {
      const v = measure(sr, s, new Float32Array(s.length))
      expect(v.stereo_width).toBeCloseTo(0.5, 9)
      expect(v.phase_correlation).toBe(0)
    })
    it('independent equal-level noise: width ≈ 0.5, correlation ≈ 0', () => {
      const v = measure(sr, whiteNoise(sr, 10, 0.5, 1), whiteNoise(sr, 10, 0.5, 2))
      expect(Math.abs(v.stereo_width - 0.5)).toBeLessThan(0.05)
      expect(Math.abs(v.phase_correlation)).toBeLessThan(0.05)
    })
    it('partially correlated: Pearson of the two channels', () => {
      const a = whiteNoise(sr, 5, 0.5, 3)
      const b = whiteNoise(sr, 5, 0.5, 4)
      const right = a.map((v, i) => 0.6 * v + 0.8 * (b[i] as number))
      expect(measure(sr, a, right).phase_correlation).toBeCloseTo(0.6, 1)
    })
  })

  it('a sine stepping 6 dB louder every second varies more than a steady sine', () => {
    const sr = 48000
    const steady = measure(sr, sine(sr, 8, 1000, 0.25))
    const stepped = measure(sr, steppedSine(sr, 8))
    expect(stepped.loudness_range_lu).toBeGreaterThan(steady.loudness_range_lu + 5)
    expect(stepped.peak_consistency).toBeLessThan(steady.peak_consistency - 0.2)
    expect(steady.dynamic_range_variation_db).toBeLessThan(0.01)
    expect(stepped.dynamic_range_variation_db).toBeGreaterThan(steady.dynamic_range_variation_db + 0.5)
  })

  it('dynamic_range_variation_db is the spread of the 1 s windows’ crest factors', () => {
    const sr = 44100
    // Windows: [0, 0.5 s), then whole seconds from 0.5 s. Fill them alternately with sine (crest
    // 3.01 dB) and uniform noise (crest 4.77 dB): 4 sine and 3 noise windows, population std
    // √(4/7 · 3/7) · 1.761 = 0.87 dB.
    const parts: Float32Array[] = [sine(sr, 0.5, 1000, 0.5)]
    for (let k = 1; k < 7; k++) parts.push(k % 2 ? whiteNoise(sr, 1, 0.5, k) : sine(sr, 1, 1000, 0.5))
    const v = measure(sr, concat(...parts))
    expect(v.dynamic_range_variation_db).toBeCloseTo(Math.sqrt((4 / 7) * (3 / 7)) * (4.7712 - 3.0103), 1)
  })
})
