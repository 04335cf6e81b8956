import { describe, expect, it } from 'vitest'
import { sine, whiteNoise } from '../../../test/helpers/signals'
import { covIndex, TIMBRE_LENGTH, TIMBRE_MFCC } from '../../shared/timbre'
import { analyzeBuffers } from './index'

const mix = (a: Float32Array, b: Float32Array) => a.map((x, i) => x + (b[i] as number))
const scaled = (x: Float32Array, g: number) => x.map((v) => v * g)

describe('timbre descriptor', () => {
  const sr = 44100
  const music = mix(sine(sr, 8, 220, 0.3), mix(sine(sr, 8, 1760, 0.05), whiteNoise(sr, 8, 0.02, 3)))

  it('is a mean and a positive semi-definite covariance of 20 cepstral coefficients, all finite', () => {
    const t = analyzeBuffers(sr, music).timbre
    expect(t).toHaveLength(TIMBRE_LENGTH)
    for (const v of t) expect(Number.isFinite(v)).toBe(true)
    for (let i = 0; i < TIMBRE_MFCC; i++) expect(t[covIndex(i, i)]).toBeGreaterThanOrEqual(0)
    // Cauchy-Schwarz on every pair: |Σij| ≤ √(Σii Σjj).
    for (let i = 0; i < TIMBRE_MFCC; i++)
      for (let j = i + 1; j < TIMBRE_MFCC; j++)
        expect(Math.abs(t[covIndex(i, j)]!)).toBeLessThanOrEqual(
          Math.sqrt(t[covIndex(i, i)]! * t[covIndex(j, j)]!) + 1e-3,
        )
  })

  it('moves only c0 (the level) when the gain changes by −6 dB', () => {
    const a = analyzeBuffers(sr, music).timbre
    const b = analyzeBuffers(sr, scaled(music, 0.5)).timbre
    // c0 = √36 · mean dB over the bands (orthonormal DCT): −6.02 dB × 6.
    expect(b[0]! - a[0]!).toBeCloseTo(-6.02 * 6, 0)
    for (let i = 1; i < TIMBRE_LENGTH; i++) expect(Math.abs(b[i]! - a[i]!)).toBeLessThan(0.05 + 0.01 * Math.abs(a[i]!))
  })

  it('tells a bright noise from a dark tone, and does not depend on how the audio is chunked', () => {
    const tone = analyzeBuffers(sr, sine(sr, 5, 150, 0.3)).timbre
    const noise = analyzeBuffers(sr, whiteNoise(sr, 5, 0.3)).timbre
    // c1 weighs low bands positive and high bands negative: a low tone has a higher c1 than white noise.
    expect(tone[1]!).toBeGreaterThan(noise[1]! + 10)
    const chunked = analyzeBuffers(sr, music, music, 1000).timbre
    const whole = analyzeBuffers(sr, music).timbre
    for (let i = 0; i < TIMBRE_LENGTH; i++) expect(chunked[i]).toBeCloseTo(whole[i]!, 3)
  })

  it('is all zeros for digital silence', () => {
    const out = analyzeBuffers(sr, new Float32Array(sr * 2))
    expect(out.silent).toBe(true)
    expect([...out.timbre].every((v) => v === 0)).toBe(true)
  })
})
