import { describe, expect, it } from 'vitest'
import { commonFolder } from './common-folder'

describe('commonFolder', () => {
  it('finds the deepest folder holding every file', () => {
    expect(commonFolder(['/m/A/x.flac', '/m/A/B/y.flac', '/m/A/C/z.ogg'])).toBe('/m/A')
    expect(commonFolder(['/m/A/x.flac'])).toBe('/m/A')
    expect(commonFolder(['/m/Ab/x.flac', '/m/Ac/y.flac'])).toBe('/m')
    expect(commonFolder(['/a/x.flac', '/b/y.flac'])).toBe('/')
  })
  it('compares Windows paths without case and gives up across drives', () => {
    expect(commonFolder(['C:\\Music\\A\\x.flac', 'c:\\music\\A\\B\\y.flac'])).toBe('C:\\Music\\A')
    expect(commonFolder(['C:\\Music\\x.flac', 'D:\\Music\\y.flac'])).toBeNull()
    expect(commonFolder([])).toBeNull()
  })
})
