import { describe, expect, it } from 'vitest'
import { MAP_TOP_CATEGORIES, type MapColorKey } from '../../../../shared/api'
import { colorKind, formatValue, groupHighMeans, shortCategory } from './legend'
import { CATEGORY_COLORS, categoryPalette, OTHER_SHADE, rampPalette, shadesOf } from './palette'

describe('map colours', () => {
  it('turns scaled values into ramp shades and category indices into palette slots, the rest "other"', () => {
    expect(Array.from(shadesOf([0, 0.5, 1, 1.3, -0.2], false))).toEqual([0, 128, 255, 255, 0])
    expect(Array.from(shadesOf([0, 3, 9, -1, 10, 42], true))).toEqual([0, 3, 9, OTHER_SHADE, OTHER_SHADE, OTHER_SHADE])
    // One colour for each category the core tells apart.
    expect(CATEGORY_COLORS).toHaveLength(MAP_TOP_CATEGORIES)
    expect(new Set(CATEGORY_COLORS).size).toBe(CATEGORY_COLORS.length)
  })

  it('draws categories opaque, "other" fainter, and a dimmed twin of every colour', () => {
    const cat = categoryPalette()
    const alpha = (c: number) => c >>> 24
    expect(alpha(cat.lut[0]!)).toBeGreaterThan(alpha(cat.lut[OTHER_SHADE]!))
    expect(cat.lut[0]! & 0xffffff).toBe(cat.dimmed[0]! & 0xffffff)
    expect(alpha(cat.dimmed[0]!)).toBeLessThan(alpha(cat.lut[0]!))
    // #4e79a7 packed little-endian: R in the low byte.
    expect(cat.lut[0]! & 0xff).toBe(0x4e)
    const ramp = rampPalette()
    expect(ramp.lut[0]).not.toBe(ramp.lut[255])
  })

  it('says what the legend shows: values in units, what high means for a group, short folders', () => {
    const kinds = (['lufs', 'rhythm', 'album', 'folder'] as MapColorKey[]).map(colorKind)
    expect(kinds).toEqual(['dimension', 'group', 'category', 'category'])
    expect(formatValue('lufs', -14.23)).toBe('−14.2 LUFS')
    expect(formatValue('tempo_bpm', 128.44)).toBe('128 BPM')
    expect(formatValue('spectral_centroid_hz', 1834.6)).toBe('1835 Hz')
    expect(formatValue('rhythm_stability', 0.456)).toBe('0.46')
    expect(formatValue('crest_db', 12.345)).toBe('12.3 dB')
    expect(groupHighMeans('rhythm')).toBe(
      'higher tempo, pulse clarity, transient density and silence than most of this library, on average',
    )
    // The frequency bands are shares of one whole: their group colours by tilt.
    expect(groupHighMeans('frequency')).toBe(
      'more upper mids, presence and air and less sub-bass, bass and low mids than most of this library',
    )
    expect(shortCategory('folder', '/home/me/Music/Artist/Album')).toBe('…/Artist/Album')
    expect(shortCategory('album', 'A/B/C')).toBe('A/B/C')
  })
})
