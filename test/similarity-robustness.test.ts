/**
 * The acceptance test of similar-track search: the same recording as FLAC, MP3 128 kbit/s, Ogg Vorbis,
 * AAC and WAV at −6 dB must come out as each other's nearest neighbours — among other recordings,
 * including near relatives (the same style at another tempo or key). Everything is real: pieces
 * synthesised here, encoded by ffmpeg, fingerprinted by the built worker (out/main/worker.js) through
 * the DSP pool, ranked by the SimilarityIndex.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSpawner } from '../src/main/core/node-spawner'
import { DspPool } from '../src/main/core/pool'
import { SimilarityIndex } from '../src/main/core/similarity'
import { fingerprintToVector } from '../src/shared/dimensions'
import { ffmpeg, makeTempDir } from './helpers/audio'
import { type PieceStyle, synthPiece } from './helpers/music'
import { writeWavFloat } from './helpers/signals'

const tmp = makeTempDir('soundprint-robust-')

const SONGS: Record<string, PieceStyle> = {
  rock: { bpm: 120, meter: 4, root: 52, drums: 'rock', chords: 'saw', lead: true, width: 0.5, seed: 1 },
  ballad: { bpm: 72, meter: 4, root: 60, drums: 'none', chords: 'pluck', lead: true, width: 0.2, seed: 2 },
  dance: { bpm: 128, meter: 4, root: 57, drums: 'four-on-floor', chords: 'organ', lead: true, width: 0.9, seed: 3 },
  ambient: { bpm: 60, meter: 4, root: 48, drums: 'none', chords: 'pad', lead: false, width: 0.7, seed: 4 },
  waltz: { bpm: 96, meter: 3, root: 55, drums: 'brushes', chords: 'pluck', lead: false, width: 0.4, seed: 5 },
}

/** Near relatives of the songs (another tempo, key or seed): the hard distractors. */
const DISTRACTORS: Record<string, PieceStyle> = {
  'rock-fast': { ...SONGS.rock!, bpm: 138, root: 55, seed: 11 },
  'ballad-slow': { ...SONGS.ballad!, bpm: 64, root: 62, seed: 12 },
  'dance-other': { ...SONGS.dance!, bpm: 124, chords: 'saw', seed: 13 },
  'ambient-wide': { ...SONGS.ambient!, width: 1, root: 50, seed: 14 },
  'waltz-organ': { ...SONGS.waltz!, chords: 'organ', seed: 15 },
  'rock-organ-mono': { ...SONGS.rock!, chords: 'organ', width: 0, seed: 16 },
}

/** The five versions of a recording: ffmpeg arguments after `-i master.wav`. */
const VERSIONS: Record<string, { ext: string; args: string[] }> = {
  flac: { ext: 'flac', args: ['-c:a', 'flac'] },
  mp3: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k'] },
  ogg: { ext: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '4'] },
  aac: { ext: 'm4a', args: ['-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart'] },
  'wav-6dB': { ext: 'wav', args: ['-af', 'volume=-6dB', '-c:a', 'pcm_s16le'] },
}

interface Track {
  id: number
  song: string
  version: string
  path: string
}

const tracks: Track[] = []
const margins: string[] = []
let index: SimilarityIndex

beforeAll(async () => {
  const jobs: Track[] = []
  let id = 0
  for (const [song, style] of Object.entries({ ...SONGS, ...DISTRACTORS })) {
    const piece = synthPiece(style, 20)
    const master = join(tmp.dir, `${song}-master.wav`)
    writeWavFloat(master, piece.sampleRate, [piece.left, piece.right])
    const versions = song in SONGS ? Object.entries(VERSIONS) : [['wav', VERSIONS['wav-6dB']!] as const]
    for (const [version, { ext, args }] of versions) {
      const path = join(tmp.dir, `${song}.${version}.${ext}`)
      ffmpeg('-i', master, ...args, path)
      jobs.push({ id: ++id, song, version, path })
    }
  }
  const pool = new DspPool({ spawner: createNodeSpawner() })
  try {
    const outcomes = await Promise.all(jobs.map((t) => pool.run({ id: t.id, path: t.path })))
    const entries = []
    for (const [i, o] of outcomes.entries()) {
      const t = jobs[i]!
      if (!o.ok) throw new Error(`fingerprinting ${t.path} failed (${o.code}): ${o.error}`)
      tracks.push(t)
      entries.push({ id: t.id, contentHash: null, values: fingerprintToVector(o.result.fingerprint) })
    }
    index = new SimilarityIndex(entries)
  } finally {
    await pool.close()
  }
}, 600_000)

afterAll(() => {
  // The margins, for whoever tunes the engine or the similarity measure.
  if (margins.length) console.log(`similarity robustness margins:\n  ${margins.join('\n  ')}`)
  tmp.cleanup()
})

describe('the same recording in five versions', () => {
  for (const song of Object.keys(SONGS)) {
    it(`${song}: every version's 4 nearest neighbours are its other 4 versions`, () => {
      const mine = tracks.filter((t) => t.song === song)
      expect(mine).toHaveLength(5)
      const label = (id: number) => {
        const t = tracks.find((x) => x.id === id)!
        return `${t.song}.${t.version}`
      }
      for (const q of mine) {
        const rs = index.query(q.id, { k: 6 })
        const got = rs.slice(0, 4).map((r) => label(r.id))
        const want = mine.filter((t) => t !== q).map((t) => label(t.id))
        const report = rs.map((r) => `${label(r.id)} ${r.score.toFixed(3)}`).join(', ')
        expect(got.sort(), `neighbours of ${label(q.id)}: ${report}`).toEqual(want.sort())
        // And clearly nearer than anything else.
        expect(rs[3]!.score).toBeGreaterThan(rs[4]!.score)
        margins.push(`${label(q.id)}: own ≥ ${rs[3]!.score.toFixed(3)}, others ≤ ${rs[4]!.score.toFixed(3)}`)
      }
    })
  }
})
