import { describe, expect, it } from 'vitest'
import { ambiguityHint } from './format'

describe('ambiguityHint', () => {
  it('names the folder for titles taken from the file name, the file for tagged ones', () => {
    expect(ambiguityHint({ title: 'song', path: '/m/Demo A/song.ogg', folder: 'Demo A' })).toBe('Demo A')
    expect(ambiguityHint({ title: 'Armygeddon', path: '/m/armygeddon/guitar.ogg', folder: 'armygeddon' })).toBe(
      'armygeddon/guitar.ogg',
    )
    expect(ambiguityHint({ title: 'Song', path: 'C:\\m\\B\\SONG.flac', folder: 'B' })).toBe('B')
  })
})
