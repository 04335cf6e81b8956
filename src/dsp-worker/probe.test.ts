/** Content sniffing: audio formats by their magic bytes, and non-audio files named for the message. */
import { describe, expect, it } from 'vitest'
import { describeNonAudio, sniff } from './probe'

const ascii = (s: string, size = 64) => {
  const b = Buffer.alloc(size)
  b.write(s, 0, 'latin1')
  return b
}

/** Three chained MPEG-1 Layer III frames, 128 kbps, 44.1 kHz, stereo (417 bytes each, no padding). */
function mp3Frames(count = 3): Buffer {
  const frame = Buffer.alloc(417)
  frame[0] = 0xff
  frame[1] = 0xfb
  frame[2] = 0x90
  frame[3] = 0x00
  return Buffer.concat(Array.from({ length: count }, () => frame))
}

function deterministicNoise(n: number): Buffer {
  const b = Buffer.alloc(n)
  let x = 12345
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    b[i] = x >>> 24
  }
  return b
}

describe('sniff', () => {
  it.each([
    ['wav', 'RIFF\x24\x00\x00\x00WAVEfmt '],
    ['wav', 'RF64\xff\xff\xff\xffWAVEds64'],
    ['aiff', 'FORM\x00\x00\x00\x00AIFFCOMM'],
    ['aiff', 'FORM\x00\x00\x00\x00AIFCFVER'],
    ['flac', 'fLaC\x00\x00\x00\x22'],
    ['ogg', 'OggS\x00\x02'],
    ['mp4', '\x00\x00\x00\x20ftypM4A '],
  ] as const)('%s from %j', (format, head) => {
    expect(sniff(ascii(head))).toBe(format)
  })

  it('MPEG audio from a chain of valid frame headers, also after leading junk', () => {
    expect(sniff(mp3Frames())).toBe('mp3')
    expect(sniff(Buffer.concat([Buffer.alloc(100, 0x20), mp3Frames()]))).toBe('mp3')
  })

  it('ADTS AAC', () => {
    const frame = Buffer.alloc(200)
    frame.set([0xff, 0xf1, 0x50, 0x80, 0x19, 0x1f, 0xfc]) // 44.1 kHz, 2 ch, 200-byte frame
    expect(sniff(Buffer.concat([frame, frame]))).toBe('aac')
  })

  it('random bytes are no audio format', () => {
    expect(sniff(deterministicNoise(65536))).toBeNull()
  })
})

describe('describeNonAudio', () => {
  it.each([
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['a JPEG image', Buffer.from('ffd8ffe000104a464946', 'hex')],
    ['a PDF document', ascii('%PDF-1.7\n')],
    ['a ZIP archive (or an office document)', Buffer.from('504b030414000000', 'hex')],
    ['a MIDI file (notes, not recorded audio)', ascii('MThd\x00\x00\x00\x06')],
    ['a text file', Buffer.from('Track list:\n1. Intro – 3:12\n2. Ça ira\n', 'utf8')],
  ])('%s', (what, bytes) => {
    expect(describeNonAudio(bytes)).toBe(what)
  })

  it('binary noise is not called text', () => {
    expect(describeNonAudio(deterministicNoise(4096))).toBeNull()
  })
})
