import { describe, expect, it } from 'vitest'
import { clickTrack, sine, whiteNoise } from '../../../test/helpers/signals'
import { BAND_KEYS, SpectralStage, spectralFrameSize } from './spectral'

function spectral(sr: number, x: Float32Array, chunk = 65536) {
  const st = new SpectralStage(sr)
  for (let i = 0; i < x.length; i += chunk) {
    const c = x.subarray(i, Math.min(x.length, i + chunk))
    st.push(c, c, c)
  }
  return { ...st.finish(), frames: st.frames }
}

const bandSum = (r: Record<string, number>) => BAND_KEYS.reduce((s, k) => s + (r[k] as number), 0)

describe('SpectralStage', () => {
  it('picks the power-of-two frame nearest to 46.4 ms (2048 at 44.1 kHz)', () => {
    expect(spectralFrameSize(44100)).toBe(2048)
    expect(spectralFrameSize(22050)).toBe(1024)
    expect(spectralFrameSize(48000)).toBe(2048)
    expect(spectralFrameSize(96000)).toBe(4096)
    expect(spectralFrameSize(8000)).toBe(512)
    expect(spectralFrameSize(192000)).toBe(8192)
  })

  it('1 kHz sine: mid ≥ 0.95, centroid 1000 ± 30 Hz, flatness < 0.01, roll-off near 1 kHz', () => {
    const r = spectral(44100, sine(44100, 10, 1000, 0.1))
    expect(r.mid).toBeGreaterThanOrEqual(0.95)
    expect(Math.abs(r.spectral_centroid_hz - 1000)).toBeLessThanOrEqual(30)
    expect(r.spectral_flatness).toBeLessThan(0.01)
    expect(Math.abs(r.spectral_rolloff_hz - 1000)).toBeLessThan(50)
    expect(r.bass_mid_ratio_db).toBeLessThan(-20)
    expect(Math.abs(bandSum(r) - 1)).toBeLessThan(1e-6)
    // ≥ 4 contributing frames per second of audio
    expect(r.frames).toBeGreaterThanOrEqual(40)
  })

  it('each band holds a tone placed inside it', () => {
    const tones: Array<[string, number]> = [
      ['sub_bass', 40],
      ['bass', 120],
      ['low_mid', 350],
      ['mid', 1000],
      ['upper_mid', 3000],
      ['presence', 5000],
      ['air', 10000],
    ]
    for (const [key, f] of tones) {
      const r = spectral(44100, sine(44100, 3, f, 0.5)) as Record<string, number>
      // 40 Hz leaks a little into bass: bins are 21.5 Hz apart and the Hann main lobe is ±2 bins.
      expect(r[key], `${f} Hz in ${key}`).toBeGreaterThan(0.85)
      expect(Math.abs(bandSum(r) - 1)).toBeLessThan(1e-6)
    }
  })

  it('white noise: flatness 0.4–0.7, bands proportional to their widths', () => {
    const r = spectral(44100, whiteNoise(44100, 10, 0.5, 3))
    expect(r.spectral_flatness).toBeGreaterThan(0.4)
    expect(r.spectral_flatness).toBeLessThan(0.7)
    expect(r.air).toBeCloseTo(14000 / 19980, 1)
    expect(r.mid).toBeCloseTo(1500 / 19980, 2)
    expect(Math.abs(bandSum(r) - 1)).toBeLessThan(1e-6)
    expect(r.spectral_centroid_hz).toBeGreaterThan(9000)
    expect(r.spectral_centroid_hz).toBeLessThan(13000)
  })

  for (const sr of [8000, 11025, 22050, 32000, 48000, 96000, 192000]) {
    it(`works at ${sr} Hz (bands sum to 1, finite, sensible centroid)`, () => {
      const r = spectral(sr, sine(sr, 4, 1000, 0.3)) as Record<string, number>
      for (const [k, v] of Object.entries(r)) expect(Number.isFinite(v), k).toBe(true)
      expect(Math.abs(bandSum(r) - 1)).toBeLessThan(1e-6)
      expect(r.mid).toBeGreaterThan(0.95)
      expect(Math.abs((r.spectral_centroid_hz as number) - 1000)).toBeLessThan(60)
      if (sr <= 12000) expect(r.air).toBe(0)
      const n = spectral(sr, whiteNoise(sr, 4, 0.5, 9)) as Record<string, number>
      expect(Math.abs(bandSum(n) - 1)).toBeLessThan(1e-6)
      expect(n.spectral_flatness).toBeGreaterThan(0.4)
    })
  }

  it('gives the same result for chunk sizes 1 000 and 65 536', () => {
    const x = whiteNoise(44100, 5, 0.3, 5)
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + 0.2 * Math.sin(i * 0.05)
    expect(spectral(44100, x, 1000)).toEqual(spectral(44100, x, 65536))
    expect(spectral(44100, x, 1)).toEqual(spectral(44100, x, 65536))
  })

  it('sparse clicks between silences are all analysed', () => {
    const r = spectral(44100, clickTrack(44100, 20, 120))
    expect(r.frames).toBeGreaterThanOrEqual(40)
    expect(Math.abs(bandSum(r) - 1)).toBeLessThan(1e-6)
  })

  it('is finite on silence, DC, a full-scale square wave and a stream shorter than a frame', () => {
    const sr = 44100
    const silence = spectral(sr, new Float32Array(sr * 2))
    expect(silence.frames).toBe(0)
    for (const v of Object.values(silence)) expect(Number.isFinite(v)).toBe(true)
    const dc = spectral(sr, new Float32Array(sr * 2).fill(0.5))
    for (const v of Object.values(dc)) expect(Number.isFinite(v)).toBe(true)
    const square = spectral(
      sr,
      sine(sr, 2, 441, 1).map((v) => (v >= 0 ? 1 : -1)),
    )
    for (const v of Object.values(square)) expect(Number.isFinite(v)).toBe(true)
    expect(Math.abs(bandSum(square) - 1)).toBeLessThan(1e-6)
    const short = spectral(sr, sine(sr, 0.02, 1000, 0.5))
    expect(short.frames).toBe(1)
    expect(short.mid).toBeGreaterThan(0.9)
  })
})
