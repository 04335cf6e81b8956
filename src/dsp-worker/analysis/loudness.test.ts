import { describe, expect, it } from 'vitest'
import {
  ABSOLUTE_GATE_POWER,
  integratedLoudness,
  K_STATE_SIZE,
  kWeightedEnergy,
  kWeighting,
  LoudnessBlocks,
  loudnessRange,
  powerToLufs,
} from './loudness'

/** Power whose BS.1770 loudness is `lufs`. */
const lufsToPower = (lufs: number) => 10 ** ((lufs + 0.691) / 10)

/** |H(e^{jω})| of a biquad at `f` Hz. */
function gainDb(b: { b0: number; b1: number; b2: number; a1: number; a2: number }, f: number, sr: number): number {
  const w = (2 * Math.PI * f) / sr
  const re = (c0: number, c1: number, c2: number) => c0 + c1 * Math.cos(w) + c2 * Math.cos(2 * w)
  const im = (c1: number, c2: number) => -c1 * Math.sin(w) - c2 * Math.sin(2 * w)
  const num = Math.hypot(re(b.b0, b.b1, b.b2), im(b.b1, b.b2))
  const den = Math.hypot(re(1, b.a1, b.a2), im(b.a1, b.a2))
  return 20 * Math.log10(num / den)
}

describe('kWeighting', () => {
  it('reproduces the BS.1770-4 48 kHz coefficient table', () => {
    const { pre, rlb } = kWeighting(48000)
    expect(pre.b0).toBeCloseTo(1.53512485958697, 9)
    expect(pre.b1).toBeCloseTo(-2.69169618940638, 9)
    expect(pre.b2).toBeCloseTo(1.19839281085285, 9)
    expect(pre.a1).toBeCloseTo(-1.69065929318241, 9)
    expect(pre.a2).toBeCloseTo(0.73248077421585, 9)
    expect([rlb.b0, rlb.b1, rlb.b2]).toEqual([1, -2, 1])
    expect(rlb.a1).toBeCloseTo(-1.99004745483398, 9)
    expect(rlb.a2).toBeCloseTo(0.99007225036621, 9)
  })

  it('derives the same response at other rates (not the 48 kHz table reused)', () => {
    const ref = kWeighting(48000)
    for (const sr of [8000, 22050, 44100, 96000, 192000]) {
      const k = kWeighting(sr)
      expect(k.pre.a1).not.toBeCloseTo(ref.pre.a1, 3)
      // Same analog prototype: the responses agree well below Nyquist.
      for (const f of [20, 50, 100, 1000, Math.min(3000, sr / 8)]) {
        const g = gainDb(k.pre, f, sr) + gainDb(k.rlb, f, sr)
        const g48 = gainDb(ref.pre, f, 48000) + gainDb(ref.rlb, f, 48000)
        expect(Math.abs(g - g48), `${sr} Hz at ${f} Hz`).toBeLessThan(sr >= 44100 ? 0.05 : 0.3)
      }
    }
  })

  it('kWeightedEnergy carries its state across calls', () => {
    const sr = 44100
    const k = kWeighting(sr)
    const x = new Float32Array(10000)
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.05) + 0.3 * Math.sin(i * 1.3)
    const whole = kWeightedEnergy(x, 0, x.length, k, new Float64Array(K_STATE_SIZE), 0)
    const state = new Float64Array(K_STATE_SIZE)
    let pieces = 0
    for (let i = 0; i < x.length; i += 7) pieces += kWeightedEnergy(x, i, Math.min(x.length, i + 7), k, state, 0)
    expect(pieces).toBeCloseTo(whole, 6)
  })
})

describe('integratedLoudness', () => {
  it('is the loudness of the mean power of blocks passing both gates', () => {
    // Two blocks at −20 and one at −25 LUFS: all pass; mean power.
    const p = new Float64Array([lufsToPower(-20), lufsToPower(-20), lufsToPower(-25)])
    const mean = (2 * lufsToPower(-20) + lufsToPower(-25)) / 3
    expect(integratedLoudness(p)).toBeCloseTo(powerToLufs(mean), 10)
  })

  it('drops blocks under the relative gate (−10 LU) and the absolute gate (−70 LUFS)', () => {
    const p = new Float64Array([lufsToPower(-20), lufsToPower(-20), lufsToPower(-40), lufsToPower(-80)])
    expect(integratedLoudness(p)).toBeCloseTo(-20, 10)
  })

  it('floors at −70 when nothing passes', () => {
    expect(integratedLoudness(new Float64Array([lufsToPower(-75)]))).toBe(-70)
    expect(integratedLoudness(new Float64Array(0))).toBe(-70)
    expect(ABSOLUTE_GATE_POWER).toBeCloseTo(lufsToPower(-70), 15)
  })
})

describe('loudnessRange', () => {
  it('is the 10th–95th percentile spread of gated short-term loudness', () => {
    // 100 values −29.9, −29.7 … −10.1 LUFS (0.2 apart): the 10th smallest is −28.1, the 95th −11.1.
    const p = new Float64Array(100)
    for (let i = 0; i < 100; i++) p[i] = lufsToPower(-29.9 + 0.2 * i)
    expect(loudnessRange(p.reverse())).toBeCloseTo(17, 6)
  })

  it('ignores windows 20 LU below the gated mean and below −70 LUFS', () => {
    const p = new Float64Array([-20, -20, -21, -22, -45, -90].map(lufsToPower))
    // Left: −22, −21, −20, −20 → 10th percentile: 1st smallest (−22); 95th: round(3.8) = 4th (−20).
    expect(loudnessRange(p)).toBeCloseTo(2, 6)
  })

  it('is 0 without windows', () => {
    expect(loudnessRange(new Float64Array(0))).toBe(0)
  })
})

describe('LoudnessBlocks', () => {
  it('forms 400 ms blocks every 100 ms and 3 s windows once 3 s exist', () => {
    const b = new LoudnessBlocks(4410)
    for (let i = 0; i < 35; i++) b.pushSubBlock(4410 * 0.01, 4410 * 0.02)
    expect(b.blockPowers.length).toBe(32)
    expect(b.shortTermPowers.length).toBe(6)
    expect(b.blockPowers.view()[0]).toBeCloseTo(0.01, 12)
    expect(b.shortTermPowers.view()[0]).toBeCloseTo(0.01, 12)
    expect(b.gatedRawMeanSquare()).toBeCloseTo(0.02, 12)
    expect(b.integrated()).toBeCloseTo(powerToLufs(0.01), 10)
  })
})
