/**
 * The in-process FFmpeg decoder (libav.ts + native/libav-decoder.c): what it delivers is exactly what
 * the ffmpeg command line decodes (same samples, same trimming of encoder delay and padding, the first
 * two channels as they are), and decodeFile falls back to the command line where it must.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ffmpeg, ffmpegDecode, makeTempDir } from '../../../test/helpers/audio'
import { decodeFile } from '../decode'
import { CHUNK_FRAMES } from '../pcm'
import { decodeWithLibav, libavStatus, loadLibav, openLibav } from './libav'

const tmp = makeTempDir('soundprint-libav-')
afterAll(() => tmp.cleanup())
afterEach(() => {
  delete process.env.SOUNDPRINT_LIBAV
})

const devFilesPresent = spawnSync('pkg-config', ['--exists', 'libavformat', 'libavcodec', 'libavutil']).status === 0
const addon = loadLibav()

function collect(path: string) {
  if (!addon) throw new Error(libavStatus())
  const stream = openLibav(addon, path)
  const left: number[] = []
  const right: number[] = []
  const sizes: number[] = []
  const r = decodeWithLibav(addon, stream, (l, rr) => {
    sizes.push(l.length)
    for (let i = 0; i < l.length; i++) {
      left.push(l[i] as number)
      right.push(rr[i] as number)
    }
  })
  return { ...r, stream, left, right, sizes }
}

/** Samples differing from the reference by more than float32 rounding of an integer conversion. */
function mismatches(got: { left: number[]; right: number[] }, ref: Float32Array, channels: 1 | 2): number {
  let bad = 0
  for (let i = 0; i < got.left.length; i++) {
    const l = ref[channels * i] as number
    const r = ref[channels * i + channels - 1] as number
    if (Math.abs((got.left[i] as number) - l) > 1e-7 || Math.abs((got.right[i] as number) - r) > 1e-7) bad++
  }
  return bad
}

describe('the in-process decoder', () => {
  it('is built wherever FFmpeg development files are installed (CI installs them)', () => {
    if (!devFilesPresent && !process.env.CI) {
      console.log(`skip: no FFmpeg development files here (${libavStatus()})`)
      return
    }
    expect(libavStatus()).toMatch(/^in-process FFmpeg /)
  })
})

describe.skipIf(!addon)('decodeWithLibav', () => {
  const seconds = 7.3
  const cases: Array<{ name: string; file: string; args: string[]; channels: 1 | 2 }> = [
    {
      name: 'stereo Ogg Vorbis',
      file: 'stereo.ogg',
      channels: 2,
      args: [
        ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=44100`],
        ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${seconds}:sample_rate=44100:amplitude=0.2`],
        ...['-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'libvorbis', '-q:a', '4'],
      ],
    },
    {
      name: 'stereo MP3 (encoder delay and padding trimmed)',
      file: 'stereo.mp3',
      channels: 2,
      args: [
        ...['-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}:sample_rate=44100`],
        ...['-f', 'lavfi', '-i', `anoisesrc=color=white:duration=${seconds}:sample_rate=44100:amplitude=0.1`],
        ...['-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'libmp3lame', '-b:a', '128k'],
      ],
    },
    {
      name: 'AAC in an M4A with its index at the end (edit list)',
      file: 'moov-last.m4a',
      channels: 2,
      args: [
        ...['-f', 'lavfi', '-i', `sine=frequency=550:duration=${seconds}:sample_rate=48000`],
        ...['-ac', '2', '-c:a', 'aac', '-b:a', '128k'],
      ],
    },
    {
      name: 'mono 24-bit FLAC',
      file: 'mono24.flac',
      channels: 1,
      args: [
        ...['-f', 'lavfi', '-i', `anoisesrc=color=brown:duration=${seconds}:sample_rate=96000:amplitude=0.3`],
        ...['-c:a', 'flac', '-sample_fmt', 's32'],
      ],
    },
    {
      name: '5.1 FLAC (the first two channels, not a down-mix)',
      file: 'surround.flac',
      channels: 2,
      args: [
        ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${seconds}:sample_rate=48000:amplitude=0.3`],
        ...['-af', 'aeval=val(0)|-val(0)*0.5|0.1*sin(2*PI*100*t)|0|0.2|0.3:c=5.1'],
      ],
    },
    {
      name: 'stereo Opus (48 kHz, pre-skip trimmed)',
      file: 'stereo.opus',
      channels: 2,
      args: [
        ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=48000`],
        ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${seconds}:sample_rate=48000:amplitude=0.2`],
        ...['-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'libopus', '-b:a', '96k'],
      ],
    },
  ]

  for (const c of cases)
    it(`delivers exactly the command line's decode: ${c.name}`, () => {
      const path = join(tmp.dir, c.file)
      ffmpeg(...c.args, path)
      const ref = ffmpegDecode(path, c.channels)
      const got = collect(path)
      expect(got.stream.channels >= 2 ? 2 : 1).toBe(c.channels)
      expect(got.frames).toBe(ref.length / c.channels)
      expect(got.frames).toBeGreaterThan(0.9 * seconds * got.stream.sampleRate)
      expect(mismatches(got, ref, c.channels)).toBe(0)
      if (c.channels === 1) expect(got.right).toEqual(got.left)
      else expect(got.left.slice(5000, 6000)).not.toEqual(got.right.slice(5000, 6000))
      expect(got.sizes.slice(0, -1).every((n) => n === CHUNK_FRAMES)).toBe(true)
      expect(got.errors).toBe('')
    })

  it('skips damaged data and says so, as the command line does', () => {
    const clean = join(tmp.dir, 'clean.mp3')
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=20', '-c:a', 'libmp3lame', '-b:a', '128k', clean)
    const bytes = readFileSync(clean)
    // Overwrite 20 kB in the middle with a pattern that is not MP3 frames.
    for (let i = 0; i < 20000; i++) bytes[150000 + i] = (i * 37) & 0xff
    const damaged = join(tmp.dir, 'damaged.mp3')
    writeFileSync(damaged, bytes)
    const got = collect(damaged)
    expect(got.frames).toBeGreaterThan(15 * 44100)
    expect(got.frames).toBeLessThan(20 * 44100)
    expect(got.errors).not.toBe('')
  })

  it('is what decodeFile uses for compressed audio, and the command line takes over without it', async () => {
    const path = join(tmp.dir, 'auto.ogg')
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=60', '-c:a', 'libvorbis', path)
    const frames = (p: string) => decodeFile(p, () => () => {}).then((d) => ({ decoder: d.decoder, frames: d.frames }))
    const inProcess = await frames(path)
    expect(inProcess.decoder).toBe('libav')
    process.env.SOUNDPRINT_LIBAV = 'none'
    const external = await frames(path)
    expect(external.decoder).not.toBe('libav')
    expect(external.frames).toBe(inProcess.frames)
  })

  it('hands a stream whose sample rate changes midway to the command line, starting the sink over', async () => {
    // A chained Ogg: 2 s at 44.1 kHz then 2 s at 22.05 kHz. The command line resamples the second part.
    const a = join(tmp.dir, 'a.ogg')
    const b = join(tmp.dir, 'b.ogg')
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=2:sample_rate=44100', '-c:a', 'libvorbis', a)
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=2:sample_rate=22050', '-c:a', 'libvorbis', b)
    const chained = join(tmp.dir, 'chained.ogg')
    writeFileSync(chained, Buffer.concat([readFileSync(a), readFileSync(b)]))
    let opens = 0
    let received = 0
    const d = await decodeFile(chained, ({ sampleRate }) => {
      expect(sampleRate).toBe(44100)
      opens++
      received = 0
      return (l) => {
        received += l.length
      }
    })
    expect(d.decoder).toBe('ffmpeg')
    expect(opens).toBe(2)
    expect(received).toBe(d.frames)
    expect(d.frames / 44100).toBeGreaterThan(3.9)
    expect(d.frames / 44100).toBeLessThan(4.1)
  })
})
