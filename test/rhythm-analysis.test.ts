/**
 * The rhythm dimensions through the whole analysis (analyzeBuffers: native-rate PCM → resampled [22k]
 * path → shared STFT → RhythmAnalyzer), on the spec's click tracks at 44.1 and 48 kHz.
 */
import { describe, expect, it } from 'vitest'
import { analyzeBuffers } from '../src/dsp-worker/analysis'
import { clickTrack, whiteNoise } from './helpers/signals'

describe('rhythm through analyzeBuffers', () => {
  it.each([44100, 48000])('120 BPM click track at %i Hz: tempo 120 ± 2, stability ≥ 0.8, density 2.0 ± 0.2', (sr) => {
    const { fingerprint: f } = analyzeBuffers(sr, clickTrack(sr, 20, 120))
    expect(Math.abs(f.tempo_bpm - 120)).toBeLessThanOrEqual(2)
    expect(f.rhythm_stability).toBeGreaterThanOrEqual(0.8)
    expect(Math.abs(f.transient_density - 2)).toBeLessThanOrEqual(0.2)
  })

  it.each([87, 143])('%i BPM click track at 44.1 kHz: tempo within ± 2 %', (bpm) => {
    const { fingerprint: f } = analyzeBuffers(44100, clickTrack(44100, 20, bpm))
    expect(Math.abs(f.tempo_bpm - bpm)).toBeLessThanOrEqual(0.02 * bpm)
  })

  it('white noise: rhythm_stability ≤ 0.2', () => {
    const { fingerprint: f } = analyzeBuffers(44100, whiteNoise(44100, 10, 0.5, 5), whiteNoise(44100, 10, 0.5, 6))
    expect(f.rhythm_stability).toBeLessThanOrEqual(0.2)
  })
})
