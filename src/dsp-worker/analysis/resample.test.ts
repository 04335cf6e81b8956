import { describe, expect, it } from 'vitest'
import { concat } from '../../../test/helpers/signals'
import { wasmSimdAvailable } from '../wasm/wasm-assembler'
import { HalfbandDecimator, PolyphaseResampler, Resampler22k } from './resample'

function tone(rate: number, seconds: number, freq: number, amp = 1): Float32Array {
  const n = Math.round(rate * seconds)
  const x = new Float32Array(n)
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate)
  return x
}

function run(rate: number, x: Float32Array, chunk: number): Float32Array {
  const r = new Resampler22k(rate)
  const parts: Float32Array[] = []
  for (let i = 0; i < x.length; i += chunk) parts.push(r.process(x.subarray(i, Math.min(x.length, i + chunk))).slice())
  return concat(...parts)
}

/** Amplitude of the component at `freq` in the middle second of y (22 050 Hz), by correlation. */
function amplitudeAt(y: Float32Array, freq: number): number {
  const start = 22050
  const n = 22050
  let c = 0
  let s = 0
  for (let i = start; i < start + n; i++) {
    c += (y[i] as number) * Math.cos((2 * Math.PI * freq * i) / 22050)
    s += (y[i] as number) * Math.sin((2 * Math.PI * freq * i) / 22050)
  }
  return (2 * Math.hypot(c, s)) / n
}

const RATES = [8000, 11025, 16000, 22050, 32000, 37800, 44056, 44100, 48000, 88200, 96000, 176400, 192000]

describe('Resampler22k', () => {
  for (const rate of RATES) {
    it(`${rate} Hz: unit gain at 1 kHz, the right length, chunk-size independent`, () => {
      const x = tone(rate, 3, 1000, 0.5)
      const y = run(rate, x, 65536)
      // Each stage holds back its filter's half length at the end of the stream.
      expect(Math.abs(y.length - 3 * 22050)).toBeLessThanOrEqual(16)
      expect(amplitudeAt(y, 1000)).toBeCloseTo(0.5, 3)
      const y1 = run(rate, x, 1000)
      const y7 = run(rate, x, 7)
      expect(y1.length).toBe(y.length)
      expect(y7.length).toBe(y.length)
      let mismatches = 0
      for (let i = 0; i < y.length; i++) if (y1[i] !== y[i] || y7[i] !== y[i]) mismatches++
      expect(mismatches).toBe(0)
    })
  }

  for (const rate of [44100, 48000, 96000, 192000, 32000]) {
    it(`${rate} Hz: content that would fold below 8 kHz is attenuated by ≥ 60 dB`, () => {
      // Tones above the stop edge (22 050 − 8 000 = 14 050 Hz) fold to 22 050 − f (or f − 22 050).
      for (const f of [14500, 16000, 18000, 20000, Math.min(30000, rate / 2 - 500)]) {
        if (f >= rate / 2) continue
        const y = run(rate, tone(rate, 3, f, 1), 65536)
        let folded = f % 22050
        if (folded > 11025) folded = 22050 - folded
        expect(amplitudeAt(y, folded), `${f} Hz → ${folded} Hz`).toBeLessThan(1e-3)
      }
    })
  }

  it('upsampled rates create no images below 8 kHz', () => {
    // 16 kHz input: a 6 kHz tone has its first image at 10 kHz, which must be attenuated.
    const y = run(16000, tone(16000, 3, 6000, 1), 65536)
    expect(amplitudeAt(y, 6000)).toBeCloseTo(1, 2)
    expect(amplitudeAt(y, 10000)).toBeLessThan(1e-3)
  })

  it('describes its chain', () => {
    expect(new Resampler22k(44100).describe()).toMatch(/44100 → 22050 \(half-band \d+ taps\)$/)
    expect(new Resampler22k(48000).describe()).toMatch(/→ 24000 .* → 22050 \(polyphase 147\/160/)
    expect(new Resampler22k(22050).describe()).toBe('22050')
  })
})

/** Feeds the same noise to two streaming stages in chunks of varied sizes; the largest difference. */
function compareStreams(
  simd: { process(x: Float32Array): Float32Array },
  js: { process(x: Float32Array): Float32Array },
  seed: number,
): { worst: number; total: number } {
  const noise = new Float32Array(60_000).map(() => {
    seed = (seed * 16807) % 2147483647
    return seed / 2147483647 - 0.5
  })
  let worst = 0
  let total = 0
  for (let i = 0, chunk = 1; i < noise.length; i += chunk, chunk = (chunk * 3 + 1) % 5000) {
    const x = noise.subarray(i, Math.min(noise.length, i + chunk))
    const a = simd.process(x).slice()
    const b = js.process(x)
    expect(a.length).toBe(b.length)
    for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs((a[j] as number) - (b[j] as number)))
    total += a.length
  }
  return { worst, total }
}

describe.skipIf(!wasmSimdAvailable())('resampling kernels (WebAssembly SIMD)', () => {
  it('the half-band kernel computes what the JS loops compute', () => {
    for (const rate of [44100, 48000, 96000]) {
      const simd = new HalfbandDecimator(rate)
      const js = new HalfbandDecimator(rate, undefined, { kernel: 'js' })
      expect(simd.usesKernel && !js.usesKernel).toBe(true)
      const { worst, total } = compareStreams(simd, js, 7)
      expect(total).toBeGreaterThan(29_000)
      expect(worst, `${rate} Hz`).toBeLessThan(1e-6)
    }
  })

  it('the polyphase kernel computes what the JS loops compute', () => {
    // 24 k → 22.05 k (T = 16); 32 k, 16 k and 37.8 k → 22.05 k (other T, padded to a power of two).
    for (const rate of [24000, 32000, 16000, 37800]) {
      const simd = new PolyphaseResampler(rate, 22050)
      const js = new PolyphaseResampler(rate, 22050, { kernel: 'js' })
      expect(simd.usesKernel && !js.usesKernel).toBe(true)
      const { worst, total } = compareStreams(simd, js, 9)
      expect(total).toBeGreaterThan(0.9 * 60_000 * (22050 / rate))
      expect(worst, `${rate} Hz`).toBeLessThan(2e-6)
    }
  })
})
