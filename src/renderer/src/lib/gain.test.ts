import { describe, expect, it } from 'vitest'
import { dbToGain, gainDb, levelMatchedGain } from './gain'

describe('level-matched gain', () => {
  it('brings a track to −16 LUFS', () => {
    expect(gainDb(levelMatchedGain(-10, -0.1))).toBeCloseTo(-6, 6)
    expect(gainDb(levelMatchedGain(-16, -3))).toBeCloseTo(0, 6)
  })

  it('boosts a quiet track only as far as its peak allows (peak + gain ≤ −1 dBFS)', () => {
    // −24 LUFS wants +8 dB; a peak at −5 dBFS leaves room for +4 dB only.
    expect(gainDb(levelMatchedGain(-24, -5))).toBeCloseTo(4, 6)
    // Plenty of headroom: the full +8 dB.
    expect(gainDb(levelMatchedGain(-24, -12))).toBeCloseTo(8, 6)
  })

  it('plays at unity without a loudness measurement and never boosts without a peak', () => {
    expect(levelMatchedGain(null, null)).toBe(1)
    expect(levelMatchedGain(undefined, -3)).toBe(1)
    expect(levelMatchedGain(-30, null)).toBe(1)
    expect(levelMatchedGain(-8, null)).toBeCloseTo(dbToGain(-8), 9)
  })
})
