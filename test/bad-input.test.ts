/**
 * Bad input: every kind of file that is not decodable audio gets its own error code and one clear
 * message — never a crash, never a fingerprint of garbage. And the borderline cases that must still
 * work: digital silence, a file cut short in the middle, ffmpeg missing where it is not needed.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeFile, decodeOnly } from '../src/dsp-worker/analyze-file'
import { AnalysisError } from '../src/dsp-worker/errors'
import type { AnalysisErrorCode } from '../src/shared/worker-protocol'
import { ffmpeg, makeTempDir, sox } from './helpers/audio'
import { rng } from './helpers/signals'

const tmp = makeTempDir('soundprint-bad-')
const f = (name: string) => join(tmp.dir, name)
const isRoot = process.getuid?.() === 0

async function failure(path: string): Promise<AnalysisError> {
  try {
    const r = await analyzeFile(path)
    throw new Error(`expected ${path} to fail, got a fingerprint (${r.durationSec} s, codec ${r.codec})`)
  } catch (err) {
    expect(err).toBeInstanceOf(AnalysisError)
    return err as AnalysisError
  }
}

function randomBytes(n: number, seed: number): Buffer {
  const r = rng(seed)
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256)
  return b
}

beforeAll(() => {
  sox('-n', '-r', '44100', '-c', '2', f('tone.wav'), 'synth', '5', 'sine', '440', 'vol', '0.5')
  ffmpeg('-i', f('tone.wav'), f('tone.flac'))
  ffmpeg('-i', f('tone.wav'), '-b:a', '128k', f('tone.mp3'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'libvorbis', f('tone.ogg'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'libopus', f('tone.opus'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'aac', f('late.m4a'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'aac', '-movflags', '+faststart', f('fast.m4a'))
  sox('-n', '-r', '44100', '-c', '2', f('silence.flac'), 'trim', '0', '5')
  mkdirSync(f('a-folder.mp3'))
  writeFileSync(f('empty.wav'), '')
  writeFileSync(f('notes.mp3'), 'These are my favourite songs:\n1. Something\n2. Something else\n')
  // A real PNG (1×1 pixel) renamed .flac.
  writeFileSync(
    f('picture.flac'),
    Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
      'hex',
    ),
  )
  writeFileSync(f('noise.ogg'), randomBytes(50_000, 3))
  const flac = readFileSync(f('tone.flac'))
  writeFileSync(f('head30.flac'), flac.subarray(0, 30))
  writeFileSync(f('head-only.flac'), flac.subarray(0, 200))
  writeFileSync(f('half.flac'), flac.subarray(0, flac.length >> 1))
  // FLAC whose audio frames were wiped: header intact, the rest zeros.
  const wiped = Buffer.from(flac)
  wiped.fill(0, 8 + 34 + 200)
  writeFileSync(f('wiped.flac'), wiped)
  const mp3 = readFileSync(f('tone.mp3'))
  const id3 =
    mp3.toString('latin1', 0, 3) === 'ID3' ? 10 + ((mp3[6]! << 21) | (mp3[7]! << 14) | (mp3[8]! << 7) | mp3[9]!) : 0
  writeFileSync(f('tag-only.mp3'), mp3.subarray(0, id3 || 10))
  writeFileSync(f('head.mp3'), mp3.subarray(0, id3 + 60))
  const wipedMp3 = Buffer.from(mp3)
  wipedMp3.fill(0, id3 + 1000)
  writeFileSync(f('wiped.mp3'), wipedMp3)
  const ogg = readFileSync(f('tone.ogg'))
  writeFileSync(f('garbled.ogg'), Buffer.concat([ogg.subarray(0, 120), randomBytes(40_000, 5)]))
  const wav = readFileSync(f('tone.wav'))
  writeFileSync(f('header-only.wav'), wav.subarray(0, 44))
  writeFileSync(f('half.wav'), wav.subarray(0, wav.length >> 1))
  // Headers that claim ≈ 4 GB of samples for 5 s of audio (a copy cut short, a lying writer).
  writeFileSync(f('huge-claim.wav'), withDataSize(wav, 0xf0000000))
  // The same samples declared as streamed (size 0xFFFFFFFF): the length is what is there.
  writeFileSync(f('streamed.wav'), withDataSize(wav, 0xffffffff))
  sox(f('tone.wav'), f('tone.aiff'))
  const aiff = Buffer.from(readFileSync(f('tone.aiff')))
  const comm = aiff.indexOf('COMM', 12, 'latin1')
  aiff.writeUInt32BE(0x40000000, comm + 8 + 2) // numSampleFrames
  writeFileSync(f('huge-claim.aiff'), aiff)
  writeFileSync(f('locked.wav'), wav)
  chmodSync(f('locked.wav'), 0o000)
  symlinkSync(f('gone.wav'), f('dangling.wav'))
  execFileSync('mkfifo', [f('pipe.wav')])
})
/** A copy of a WAV file whose "data" chunk declares `size` bytes. */
function withDataSize(wav: Buffer, size: number): Buffer {
  const out = Buffer.from(wav)
  out.writeUInt32LE(size, out.indexOf('data', 12, 'latin1') + 4)
  return out
}

afterAll(() => {
  chmodSync(f('locked.wav'), 0o644)
  tmp.cleanup()
})

const cases: { name: string; file: string; code: AnalysisErrorCode; message: RegExp }[] = [
  { name: 'a missing file', file: 'nope.mp3', code: 'not_found', message: /not found/ },
  { name: 'a dangling symlink', file: 'dangling.wav', code: 'not_found', message: /not found/ },
  { name: 'a directory', file: 'a-folder.mp3', code: 'unreadable', message: /directory/ },
  { name: 'a named pipe', file: 'pipe.wav', code: 'unreadable', message: /not a regular file/ },
  { name: 'an empty file', file: 'empty.wav', code: 'empty', message: /empty \(0 bytes\)/ },
  { name: 'a text file named .mp3', file: 'notes.mp3', code: 'unsupported', message: /text file/ },
  { name: 'a PNG named .flac', file: 'picture.flac', code: 'unsupported', message: /PNG image/ },
  { name: 'random bytes named .ogg', file: 'noise.ogg', code: 'unsupported', message: /matches no audio format/ },
  { name: 'a FLAC cut inside its header', file: 'head30.flac', code: 'corrupt', message: /FLAC header/ },
  { name: 'a FLAC cut after its header', file: 'head-only.flac', code: 'corrupt', message: /./ },
  { name: 'a FLAC whose frames were wiped', file: 'wiped.flac', code: 'corrupt', message: /./ },
  { name: 'an MP3 that is only a tag', file: 'tag-only.mp3', code: 'corrupt', message: /ID3 tag but no/ },
  { name: 'an MP3 cut inside its first frame', file: 'head.mp3', code: 'corrupt', message: /truncated MP3/ },
  { name: 'an MP3 wiped after 1 kB', file: 'wiped.mp3', code: 'corrupt', message: /./ },
  { name: 'an Ogg header followed by garbage', file: 'garbled.ogg', code: 'corrupt', message: /./ },
  { name: 'a WAV header without samples', file: 'header-only.wav', code: 'corrupt', message: /no audio/ },
  {
    name: 'a WAV claiming 4 GB, holding 5 s',
    file: 'huge-claim.wav',
    code: 'corrupt',
    message: /5\.0 s of .*truncated/,
  },
  { name: 'an AIFF claiming 6.8 h, holding 5 s', file: 'huge-claim.aiff', code: 'corrupt', message: /truncated/ },
]

describe('bad input gets its code and a clear message', () => {
  it.each(cases)('$name → $code', async (c) => {
    const e = await failure(f(c.file))
    expect(e.code, e.message).toBe(c.code)
    expect(e.message).toMatch(c.message)
    expect(e.message.length).toBeLessThan(400)
    expect(e.message).not.toMatch(/\n/)
  })

  it.skipIf(isRoot)('a file without read permission → unreadable', async () => {
    const e = await failure(f('locked.wav'))
    expect(e.code).toBe('unreadable')
    expect(e.message).toMatch(/permission denied/)
  })
})

describe('what must still work', () => {
  it('digital silence is a silent track, not a decoding failure', async () => {
    const r = await analyzeFile(f('silence.flac'))
    expect(r.silent).toBe(true)
    expect(r.durationSec).toBeCloseTo(5, 3)
    expect(r.fingerprint.lufs).toBe(-70)
  })

  it('a WAV cut in the middle gives the audio that is there', async () => {
    const r = await analyzeFile(f('half.wav'))
    expect(r.durationSec).toBeGreaterThan(2.4)
    expect(r.durationSec).toBeLessThan(2.6)
    expect(r.silent).toBe(false)
  })

  it('a WAV declared as streamed (data size 0xFFFFFFFF) is read to its end', async () => {
    const r = await analyzeFile(f('streamed.wav'))
    expect(r.durationSec).toBeCloseTo(5, 2)
  })

  it('a FLAC cut in the middle gives the audio that is there', async () => {
    const r = await analyzeFile(f('half.flac'))
    expect(r.durationSec).toBeGreaterThan(1)
    expect(r.durationSec).toBeLessThan(5)
    expect(r.silent).toBe(false)
  })
})

// A machine without FFmpeg has neither the command line nor the libraries the in-process decoder needs.
describe('without ffmpeg', () => {
  const saved = { ffmpeg: process.env.SOUNDPRINT_FFMPEG, libav: process.env.SOUNDPRINT_LIBAV }
  beforeAll(() => {
    process.env.SOUNDPRINT_FFMPEG = 'none'
    process.env.SOUNDPRINT_LIBAV = 'none'
  })
  afterAll(() => {
    if (saved.ffmpeg === undefined) delete process.env.SOUNDPRINT_FFMPEG
    else process.env.SOUNDPRINT_FFMPEG = saved.ffmpeg
    if (saved.libav === undefined) delete process.env.SOUNDPRINT_LIBAV
    else process.env.SOUNDPRINT_LIBAV = saved.libav
  })

  it.each([
    ['an M4A with its index at the end', 'late.m4a', /moov.*at the end/],
    ['Opus', 'tone.opus', /Opus/],
  ])('%s → decoder_missing, naming ffmpeg', async (_name, file, what) => {
    const e = await failure(f(file))
    expect(e.code).toBe('decoder_missing')
    expect(e.message).toMatch(what)
    expect(e.message).toMatch(/ffmpeg is not installed/)
  })

  it.each([
    ['FLAC', 'tone.flac'],
    ['MP3', 'tone.mp3'],
    ['Ogg Vorbis', 'tone.ogg'],
    ['M4A (faststart)', 'fast.m4a'],
  ])('%s still decodes with node-web-audio-api alone', async (_name, file) => {
    const d = await decodeOnly(f(file), { inMemoryLimitBytes: 1024 })
    expect(d.decoder).toBe('webaudio')
    expect(d.rms[0]).toBeGreaterThan(0.3)
  })

  it('a corrupt file is still called corrupt, not decoder_missing', async () => {
    const e = await failure(f('half.flac').replace('half', 'wiped'))
    expect(e.code).toBe('corrupt')
  })
})
