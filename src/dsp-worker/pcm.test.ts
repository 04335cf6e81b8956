/**
 * Our WAV and AIFF readers against files written byte by byte here: every sample encoding, both byte
 * orders, more than two channels (the first two are kept), chunks before the data, truncated data,
 * and streaming in fixed blocks across block boundaries.
 */
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseAiff, readExtended } from './aiff'
import { AnalysisError } from './errors'
import { openFileSource } from './file-source'
import { CHUNK_FRAMES, type PcmLayout, streamPcm } from './pcm'
import { parseWav } from './wav'

const files: string[] = []
afterAll(async () => {
  const { rmSync } = await import('node:fs')
  for (const f of files) rmSync(f, { force: true })
})
function tmpFile(name: string, data: Buffer): string {
  const p = join(tmpdir(), `soundprint-pcm-${process.pid}-${name}`)
  writeFileSync(p, data)
  files.push(p)
  return p
}

type Enc = { bits: number; float: boolean; unsigned8?: boolean }

/** Encodes interleaved samples (values in [-1, 1)) in the given format and byte order. */
function encode(samples: number[], enc: Enc, le: boolean): Buffer {
  const bps = enc.bits / 8
  const b = Buffer.alloc(samples.length * bps)
  samples.forEach((v, i) => {
    const o = i * bps
    if (enc.float) {
      if (bps === 4) le ? b.writeFloatLE(v, o) : b.writeFloatBE(v, o)
      else le ? b.writeDoubleLE(v, o) : b.writeDoubleBE(v, o)
      return
    }
    const max = 2 ** (enc.bits - 1)
    const q = Math.max(-max, Math.min(max - 1, Math.round(v * max)))
    if (bps === 1) b[o] = enc.unsigned8 ? q + 128 : q & 0xff
    else le ? b.writeIntLE(q, o, bps) : b.writeIntBE(q, o, bps)
  })
  return b
}

function wav(
  channels: number,
  rate: number,
  enc: Enc,
  data: Buffer,
  opts: { extensible?: boolean; junk?: boolean } = {},
) {
  const bps = enc.bits / 8
  const fmtLen = opts.extensible ? 40 : 16
  const fmt = Buffer.alloc(8 + fmtLen)
  fmt.write('fmt ', 0, 'latin1')
  fmt.writeUInt32LE(fmtLen, 4)
  fmt.writeUInt16LE(opts.extensible ? 0xfffe : enc.float ? 3 : 1, 8)
  fmt.writeUInt16LE(channels, 10)
  fmt.writeUInt32LE(rate, 12)
  fmt.writeUInt32LE(rate * channels * bps, 16)
  fmt.writeUInt16LE(channels * bps, 20)
  fmt.writeUInt16LE(enc.bits, 22)
  if (opts.extensible) {
    fmt.writeUInt16LE(22, 24)
    fmt.writeUInt16LE(enc.bits, 26)
    fmt.writeUInt16LE(enc.float ? 3 : 1, 32) // SubFormat GUID starts with the format tag
  }
  const junk = opts.junk ? Buffer.concat([Buffer.from('LIST\x05\x00\x00\x00abcde\x00', 'latin1')]) : Buffer.alloc(0)
  const head = Buffer.alloc(8)
  head.write('data', 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), fmt, junk, head, data])
  const riff = Buffer.alloc(8)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(body.length, 4)
  return Buffer.concat([riff, body])
}

function extended(rate: number): Buffer {
  const b = Buffer.alloc(10)
  const exp = Math.floor(Math.log2(rate))
  b.writeUInt16BE(exp + 16383, 0)
  const mant = rate / 2 ** exp // in [1, 2)
  b.writeUInt32BE(Math.floor(mant * 2 ** 31), 2)
  b.writeUInt32BE(0, 6)
  return b
}

function aiff(channels: number, rate: number, bits: number, data: Buffer, compression?: string) {
  const frames = data.length / (channels * Math.ceil(bits / 8))
  const commLen = compression ? 24 : 18
  const comm = Buffer.alloc(8 + commLen)
  comm.write('COMM', 0, 'latin1')
  comm.writeUInt32BE(commLen, 4)
  comm.writeUInt16BE(channels, 8)
  comm.writeUInt32BE(frames, 10)
  comm.writeUInt16BE(bits, 14)
  extended(rate).copy(comm, 16)
  if (compression) {
    comm.write(compression, 26, 'latin1')
    comm.writeUInt16BE(0, 30)
  }
  const ssnd = Buffer.alloc(16)
  ssnd.write('SSND', 0, 'latin1')
  ssnd.writeUInt32BE(8 + data.length, 4)
  const body = Buffer.concat([Buffer.from(compression ? 'AIFC' : 'AIFF', 'latin1'), comm, ssnd, data])
  const form = Buffer.alloc(8)
  form.write('FORM', 0, 'latin1')
  form.writeUInt32BE(body.length, 4)
  return Buffer.concat([form, body])
}

/** A ramp per channel: channel c, frame i → distinct values, so swapped or mixed channels show. */
function interleaved(frames: number, channels: number): number[] {
  const out: number[] = []
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels; c++) out.push(((((i * 7 + c * 1000) % 2000) - 1000) / 1000) * 0.9)
  return out
}

async function readAll(path: string, kind: 'wav' | 'aiff') {
  const src = await openFileSource(path)
  try {
    const info = kind === 'wav' ? await parseWav(src) : await parseAiff(src)
    const layout = info.layout as PcmLayout
    const left: number[] = []
    const right: number[] = []
    let same = true
    let chunks = 0
    const frames = await streamPcm(src, layout, (l, r) => {
      chunks++
      same &&= l === r
      left.push(...l)
      right.push(...r)
    })
    return { info, frames, left, right, mono: same, chunks }
  } finally {
    await src.close()
  }
}

const encodings: { name: string; enc: Enc; tol: number }[] = [
  { name: 'unsigned 8-bit', enc: { bits: 8, float: false, unsigned8: true }, tol: 1 / 128 },
  { name: '16-bit', enc: { bits: 16, float: false }, tol: 1 / 32768 },
  { name: '24-bit', enc: { bits: 24, float: false }, tol: 1 / 8388608 },
  { name: '32-bit', enc: { bits: 32, float: false }, tol: 1e-7 },
  { name: 'float 32', enc: { bits: 32, float: true }, tol: 1e-7 },
  { name: 'float 64', enc: { bits: 64, float: true }, tol: 1e-7 },
]

describe('WAV reader', () => {
  it.each(encodings)('$name stereo: exact samples, channels in order', async ({ enc, tol }) => {
    const frames = 1000
    const s = interleaved(frames, 2)
    const p = tmpFile(`w${enc.bits}${enc.float}.wav`, wav(2, 44100, enc, encode(s, enc, true)))
    const r = await readAll(p, 'wav')
    expect(r.info.sampleRate).toBe(44100)
    expect(r.frames).toBe(frames)
    for (let i = 0; i < frames; i += 37) {
      expect(Math.abs((r.left[i] as number) - (s[2 * i] as number))).toBeLessThanOrEqual(tol)
      expect(Math.abs((r.right[i] as number) - (s[2 * i + 1] as number))).toBeLessThanOrEqual(tol)
    }
  })

  it('WAVE_FORMAT_EXTENSIBLE 24-bit, 6 channels, a LIST chunk before the data: first two channels', async () => {
    const enc = { bits: 24, float: false }
    const s = interleaved(500, 6)
    const p = tmpFile('ext.wav', wav(6, 48000, enc, encode(s, enc, true), { extensible: true, junk: true }))
    const r = await readAll(p, 'wav')
    expect(r.info.channels).toBe(6)
    expect(r.frames).toBe(500)
    for (let i = 0; i < 500; i += 11) {
      expect(r.left[i]).toBeCloseTo(s[6 * i] as number, 6)
      expect(r.right[i]).toBeCloseTo(s[6 * i + 1] as number, 6)
    }
  })

  it('mono: the same array is passed as left and right', async () => {
    const enc = { bits: 16, float: false }
    const p = tmpFile('mono.wav', wav(1, 8000, enc, encode(interleaved(300, 1), enc, true)))
    const r = await readAll(p, 'wav')
    expect(r.mono).toBe(true)
    expect(r.frames).toBe(300)
  })

  it('streams long files in fixed blocks, across block boundaries', async () => {
    const enc = { bits: 16, float: false }
    const frames = CHUNK_FRAMES * 2 + 123
    const s = interleaved(frames, 2)
    const p = tmpFile('long.wav', wav(2, 44100, enc, encode(s, enc, true)))
    const r = await readAll(p, 'wav')
    expect(r.chunks).toBe(3)
    expect(r.frames).toBe(frames)
    const i = CHUNK_FRAMES + 5
    expect(r.left[i]).toBeCloseTo(s[2 * i] as number, 4)
    expect(r.right[frames - 1]).toBeCloseTo(s[2 * frames - 1] as number, 4)
  })

  it('a data chunk that claims more than the file holds: reads the whole frames present', async () => {
    const enc = { bits: 16, float: false }
    const full = wav(2, 44100, enc, encode(interleaved(1000, 2), enc, true))
    const p = tmpFile('cut.wav', full.subarray(0, full.length - 401)) // cuts into a frame
    const r = await readAll(p, 'wav')
    expect(r.frames).toBe(1000 - Math.ceil(401 / 4))
  })

  it('compressed WAV (µ-law) is handed to a decoder: no layout', async () => {
    const b = wav(1, 8000, { bits: 8, float: false }, Buffer.alloc(100))
    b.writeUInt16LE(7, 20) // WAVE_FORMAT_MULAW
    const src = await openFileSource(tmpFile('ulaw.wav', b))
    const info = await parseWav(src)
    await src.close()
    expect(info.layout).toBeNull()
    expect(info.formatTag).toBe(7)
  })

  it('a header without fmt is corrupt', async () => {
    const src = await openFileSource(tmpFile('nofmt.wav', Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1')))
    await expect(parseWav(src)).rejects.toBeInstanceOf(AnalysisError)
    await src.close()
  })
})

describe('AIFF reader', () => {
  it('reads the 80-bit extended sample rate', () => {
    for (const rate of [8000, 22050, 44100, 48000, 96000, 192000]) expect(readExtended(extended(rate), 0)).toBe(rate)
  })

  it.each([
    ['AIFF 16-bit big-endian', 16, undefined, false],
    ['AIFF 24-bit big-endian', 24, undefined, false],
    ['AIFF 8-bit signed', 8, undefined, false],
    ['AIFF-C sowt (little-endian)', 16, 'sowt', true],
    ['AIFF-C fl32', 32, 'fl32', false],
  ] as const)('%s', async (_name, bits, compression, le) => {
    const enc = { bits, float: compression === 'fl32' }
    const s = interleaved(800, 2)
    const p = tmpFile(`a${bits}${compression}.aiff`, aiff(2, 48000, bits, encode(s, enc, le), compression))
    const r = await readAll(p, 'aiff')
    expect(r.info.sampleRate).toBe(48000)
    expect(r.frames).toBe(800)
    const tol = enc.float ? 1e-7 : 1 / 2 ** (bits - 1)
    for (let i = 0; i < 800; i += 13) {
      expect(Math.abs((r.left[i] as number) - (s[2 * i] as number))).toBeLessThanOrEqual(tol)
      expect(Math.abs((r.right[i] as number) - (s[2 * i + 1] as number))).toBeLessThanOrEqual(tol)
    }
  })
})
