import { describe, expect, it } from 'vitest'
import { decodeM3u, formatM3u, m3uFileName, parseM3u, resolveM3uEntry } from './m3u'

const tracks = [
  { path: '/music/Björk & Co/01 – Jóga.flac', durationSec: 305.4, title: 'Jóga', artist: 'Björk' },
  { path: '/music/untagged/track one.mp3', durationSec: null, title: 'track one', artist: null },
  { path: '/elsewhere/x.ogg', durationSec: 61.6, title: 'Line\nbreak', artist: ' Two\r\nLines ' },
]

describe('M3U8', () => {
  it('writes extended M3U8 with absolute paths, whole seconds, "artist - title" and no stray line breaks', () => {
    expect(formatM3u(tracks)).toBe(
      [
        '#EXTM3U',
        '#EXTINF:305,Björk - Jóga',
        '/music/Björk & Co/01 – Jóga.flac',
        '#EXTINF:-1,track one',
        '/music/untagged/track one.mp3',
        '#EXTINF:62,Two Lines - Line break',
        '/elsewhere/x.ogg',
        '',
      ].join('\n'),
    )
  })

  it('writes paths relative to the playlist folder and reads them back to the same files', () => {
    const text = formatM3u(tracks, { relativeTo: '/music/lists' })
    const entries = parseM3u(text)
    expect(entries).toEqual(['../Björk & Co/01 – Jóga.flac', '../untagged/track one.mp3', '../../elsewhere/x.ogg'])
    expect(entries.map((e) => resolveM3uEntry(e, '/music/lists'))).toEqual(tracks.map((t) => t.path))
  })

  it('reads M3U with a BOM, CRLF, comments, blank lines, file:// URLs and Windows separators', () => {
    const text =
      '\uFEFF#EXTM3U\r\n#EXTINF:10,A - B\r\nsub\\dir\\a.mp3\r\n\r\n# comment\r\nfile:///music/caf%C3%A9%20bar.mp3\r\nhttp://radio.example/stream\r\nC:\\Music\\win.mp3\r\n/abs/b.flac'
    const entries = parseM3u(text)
    expect(entries).toEqual([
      'sub\\dir\\a.mp3',
      'file:///music/caf%C3%A9%20bar.mp3',
      'http://radio.example/stream',
      'C:\\Music\\win.mp3',
      '/abs/b.flac',
    ])
    expect(entries.map((e) => resolveM3uEntry(e, '/lists'))).toEqual([
      '/lists/sub/dir/a.mp3',
      '/music/café bar.mp3',
      null,
      null,
      '/abs/b.flac',
    ])
    expect(resolveM3uEntry('relative.mp3')).toBeNull()
  })

  it('decodes UTF-8 files as UTF-8 and anything else as Windows-1252 (old Windows playlists)', () => {
    expect(decodeM3u(Buffer.from('#EXTM3U\n/music/Café.mp3\n', 'utf8'))).toBe('#EXTM3U\n/music/Café.mp3\n')
    expect(decodeM3u(Buffer.from('/music/Café.mp3\n', 'latin1'))).toBe('/music/Café.mp3\n')
    expect(decodeM3u(Uint8Array.from([0x2f, 0x80, 0x2e, 0x6d, 0x70, 0x33]))).toBe('/€.mp3')
  })

  it('names the file after the playlist, without characters a file system refuses', () => {
    expect(m3uFileName('Müde Straße')).toBe('Müde Straße.m3u8')
    expect(m3uFileName('a/b\\c:d*?"<>|')).toBe('a_b_c_d_.m3u8')
    expect(m3uFileName(' ..\n ')).toBe('playlist.m3u8')
  })
})
