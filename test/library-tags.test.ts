/** Tags (music-metadata) with the file-name fallback, and the content hash used to recognise moved files. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contentHash, HASH_BLOCK } from '../src/main/core/content-hash'
import { fileTitle, readTags } from '../src/main/core/tags'
import { ffmpeg, makeTempDir } from './helpers/audio'
import { makeTone } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-tags-')
afterAll(() => tmp.cleanup())

describe('tags', () => {
  it('reads tags and stream facts of an MP3 and a FLAC', async () => {
    const src = join(tmp.dir, 'src.wav')
    makeTone(src, 440, 2)
    const meta = [
      'title=Blue Song',
      'artist=The Band',
      'album=Colours',
      'album_artist=Various',
      'track=3/12',
      'disc=2/2',
      'date=1999',
      'genre=Jazz',
    ]
    const args = meta.flatMap((m) => ['-metadata', m])
    const mp3 = join(tmp.dir, 'tagged.mp3')
    const flac = join(tmp.dir, 'tagged.flac')
    ffmpeg('-i', src, ...args, '-c:a', 'libmp3lame', '-b:a', '192k', mp3)
    ffmpeg('-i', src, ...args, '-c:a', 'flac', flac)
    for (const [file, codec] of [
      [mp3, 'mp3'],
      [flac, 'flac'],
    ] as const) {
      const t = await readTags(file)
      expect(t, file).toMatchObject({
        title: 'Blue Song',
        artist: 'The Band',
        album: 'Colours',
        albumArtist: 'Various',
        trackNo: 3,
        discNo: 2,
        year: 1999,
        genre: 'Jazz',
        codec,
        sampleRate: 44100,
        channels: 2,
      })
      expect(t!.durationSec).toBeGreaterThan(1.9)
      expect(t!.durationSec).toBeLessThan(2.2)
    }
    expect((await readTags(mp3))!.bitrate).toBeGreaterThan(100_000)
  })

  it('leaves missing tags null (the file name is the title) and invents nothing for non-audio', async () => {
    const plain = join(tmp.dir, '07 - Untitled.ogg')
    makeTone(plain, 330)
    const t = await readTags(plain)
    expect(t).toMatchObject({ title: null, artist: null, codec: 'vorbis', channels: 2 })
    expect(fileTitle(plain)).toBe('07 - Untitled')
    const text = join(tmp.dir, 'notes.mp3')
    writeFileSync(text, 'hello\n'.repeat(50))
    const junk = await readTags(text)
    // music-metadata may or may not reject it; either way nothing is invented.
    if (junk) expect(junk).toMatchObject({ title: null, artist: null, sampleRate: null, durationSec: null })
  })
})

describe('content hash', () => {
  it('is equal for copies, and differs when size or any sampled block differs', async () => {
    const big = join(tmp.dir, 'big.bin')
    const bytes = Buffer.alloc(5 * HASH_BLOCK + 123)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff
    writeFileSync(big, bytes)
    const copy = join(tmp.dir, 'copy.bin')
    copyFileSync(big, copy)
    const h = await contentHash(big)
    expect(h).toMatch(/^[0-9a-f]+-[0-9a-f]{40}$/)
    expect(await contentHash(copy)).toBe(h)
    for (const at of [10, Math.floor(bytes.length / 2), bytes.length - 10]) {
      const changed = Buffer.from(bytes)
      changed[at] = (changed[at]! + 1) & 0xff
      writeFileSync(copy, changed)
      expect(await contentHash(copy), `byte ${at}`).not.toBe(h)
    }
    writeFileSync(copy, Buffer.concat([bytes, Buffer.from([0])]))
    expect(await contentHash(copy)).not.toBe(h)
    // Small files are hashed whole.
    const small = join(tmp.dir, 'small.bin')
    writeFileSync(small, readFileSync(big).subarray(0, 1000))
    const hs = await contentHash(small)
    const sb = readFileSync(small)
    sb[500] = (sb[500]! + 1) & 0xff
    writeFileSync(small, sb)
    expect(await contentHash(small)).not.toBe(hs)
  })
})
