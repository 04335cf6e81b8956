/**
 * ffmpeg streaming: what reaches the sink, block by block, is exactly ffmpeg's continuous decode of the
 * file (no sample lost, repeated or reordered at block or chunk boundaries), in CHUNK_FRAMES chunks.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ffmpeg, ffmpegDecode, makeTempDir } from '../../../test/helpers/audio'
import { CHUNK_FRAMES } from '../pcm'
import { BLOCK_FRAMES, decodeWithFfmpeg, findFfmpeg } from './ffmpeg'

const tmp = makeTempDir('soundprint-ffmpeg-')
afterAll(() => tmp.cleanup())

async function collect(path: string, sampleRate: number, sourceChannels: number) {
  const bin = findFfmpeg()
  if (!bin) throw new Error('ffmpeg is required for this test')
  const left: number[] = []
  const right: number[] = []
  const sizes: number[] = []
  const r = await decodeWithFfmpeg(bin, path, sampleRate, sourceChannels, (l, rr) => {
    sizes.push(l.length)
    for (let i = 0; i < l.length; i++) {
      left.push(l[i] as number)
      right.push(rr[i] as number)
    }
  })
  return { ...r, left, right, sizes }
}

describe('decodeWithFfmpeg', () => {
  // 20.3 s at 44.1 kHz: three full blocks and a partial one, whose last chunk is partial too.
  const seconds = 20.3
  const frames = Math.round(seconds * 44100)

  it('delivers exactly the continuous decode across block boundaries (stereo Ogg Vorbis)', async () => {
    expect(frames).toBeGreaterThan(3 * BLOCK_FRAMES)
    const path = join(tmp.dir, 'stereo.ogg')
    ffmpeg(
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=44100`],
      ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=${seconds}:sample_rate=44100:amplitude=0.2`],
      ...['-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'libvorbis', '-q:a', '4', path],
    )
    const ref = ffmpegDecode(path, 2)
    const got = await collect(path, 44100, 2)
    expect(got.frames).toBe(ref.length / 2)
    expect(got.left.length).toBe(got.frames)
    let mismatches = 0
    for (let i = 0; i < got.frames; i++) if (got.left[i] !== ref[2 * i] || got.right[i] !== ref[2 * i + 1]) mismatches++
    expect(mismatches).toBe(0)
    // The channels really differ (a swap or duplicate would not pass unnoticed).
    expect(got.left.slice(0, 1000)).not.toEqual(got.right.slice(0, 1000))
    // Full chunks except the very last one.
    expect(got.sizes.slice(0, -1).every((n) => n === CHUNK_FRAMES)).toBe(true)
    expect(got.sizes.at(-1)).toBe(got.frames - (got.sizes.length - 1) * CHUNK_FRAMES)
    expect(got.errors).toBe('')
  })

  it('delivers exactly the continuous decode of a mono FLAC (one channel, right === left)', async () => {
    const path = join(tmp.dir, 'mono.flac')
    ffmpeg('-f', 'lavfi', '-i', `anoisesrc=color=brown:duration=${seconds}:sample_rate=44100:amplitude=0.3`, path)
    const ref = ffmpegDecode(path, 1)
    const got = await collect(path, 44100, 1)
    expect(got.frames).toBe(frames)
    expect(got.frames).toBe(ref.length)
    let mismatches = 0
    for (let i = 0; i < got.frames; i++) if (got.left[i] !== ref[i] || got.right[i] !== ref[i]) mismatches++
    expect(mismatches).toBe(0)
  })
})
