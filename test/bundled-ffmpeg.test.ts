/**
 * The ffmpeg bundled with the app (@ffmpeg-installer, src/dsp-worker/decoders/bundled-ffmpeg.ts) on a
 * machine without FFmpeg: `soundprint fingerprint` with a PATH that holds node and nothing else and
 * without the in-process decoder (SOUNDPRINT_LIBAV=none) gives, for every supported format, a valid
 * fingerprint within the spec's tolerances (docs/fingerprint.md) of the in-process decoder's result on
 * the same file (the system ffmpeg's where the addon is not built). The fixtures are 30 s, more than
 * node-web-audio-api is given in memory when a streaming decoder exists, so the bundled ffmpeg decodes
 * every compressed one.
 */
import { mkdirSync, symlinkSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBundledFfmpeg } from '../src/dsp-worker/decoders/bundled-ffmpeg'
import { loadLibav } from '../src/dsp-worker/decoders/libav'
import { openFileSource } from '../src/dsp-worker/file-source'
import { moovAfterMdat } from '../src/dsp-worker/probe'
import { DIMENSIONS, type Fingerprint } from '../src/shared/dimensions'
import { ffmpeg, makeTempDir } from './helpers/audio'
import { jsonLines, runCli } from './helpers/library-fixtures'
import { synthPiece } from './helpers/music'
import { writeWavFloat } from './helpers/signals'

const tmp = makeTempDir('soundprint-bundled-')
afterAll(() => tmp.cleanup())
const f = (name: string) => join(tmp.dir, name)

const FORMATS: Array<[string, string[]]> = [
  ['x.wav', ['-c:a', 'pcm_s16le']],
  ['x.aiff', ['-c:a', 'pcm_s16be']],
  ['x.flac', ['-c:a', 'flac']],
  ['x.mp3', ['-c:a', 'libmp3lame', '-b:a', '192k']],
  ['x.ogg', ['-c:a', 'libvorbis', '-q:a', '5']],
  ['x.opus', ['-c:a', 'libopus', '-b:a', '128k']],
  ['fast.m4a', ['-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart']],
  ['late.m4a', ['-c:a', 'aac', '-b:a', '192k']],
]

/** The spec's tolerances: ±0.1 LU for lufs, ±1 LU for the loudness range; 1 % of its chart range for the rest. */
function tolerance(key: string, range: readonly [number, number]): number {
  if (key === 'lufs') return 0.1
  if (key === 'loudness_range_lu') return 1
  return 0.01 * (range[1] - range[0])
}

type Line = { path: string; ok: boolean; fingerprint: Fingerprint; error?: string }
let reference: Map<string, Line>
let hidden: Map<string, Line>
let hiddenStderr = ''
let hiddenEnv: NodeJS.ProcessEnv = {}
const referenceDecoder = loadLibav() ? 'libav' : 'ffmpeg'
const bundled = findBundledFfmpeg()

beforeAll(() => {
  const piece = synthPiece(
    { bpm: 112, meter: 4, root: 45, drums: 'rock', chords: 'saw', lead: true, width: 0.6, seed: 14 },
    30,
  )
  writeWavFloat(f('master.wav'), piece.sampleRate, [piece.left, piece.right])
  for (const [name, args] of FORMATS) ffmpeg('-i', f('master.wav'), ...args, f(name))
  const files = FORMATS.map(([name]) => f(name))
  const byName = (stdout: string) => new Map(jsonLines(stdout).map((l) => [basename(l.path as string), l as Line]))

  const ref = runCli(['fingerprint', '--json', '--decoder', referenceDecoder, ...files])
  reference = byName(ref.stdout)

  // A PATH with node and nothing else: no ffmpeg to find.
  const bin = f('bin')
  mkdirSync(bin)
  symlinkSync(process.execPath, join(bin, 'node'))
  hiddenEnv = { PATH: bin, SOUNDPRINT_LIBAV: 'none', SOUNDPRINT_FFMPEG: undefined, SOUNDPRINT_DECODER: undefined }
  const r = runCli(['fingerprint', '--json', ...files], hiddenEnv)
  hidden = byName(r.stdout)
  hiddenStderr = r.stderr
}, 300_000)

describe.skipIf(!bundled)('fingerprints with FFmpeg hidden, through the bundled ffmpeg', () => {
  it('the late M4A really has its index at the end', async () => {
    const src = await openFileSource(f('late.m4a'))
    try {
      expect(await moovAfterMdat(src)).toBe(true)
    } finally {
      await src.close()
    }
  })

  it('it is the bundled ffmpeg that decodes them: without it (SOUNDPRINT_BUNDLED_FFMPEG=none) Opus needs ffmpeg', () => {
    const r = runCli(['fingerprint', '--json', f('x.opus')], { ...hiddenEnv, SOUNDPRINT_BUNDLED_FFMPEG: 'none' })
    expect(r.status).toBe(1)
    expect(jsonLines(r.stdout)[0]).toMatchObject({ ok: false, code: 'decoder_missing' })
  })

  it.each(FORMATS.map(([name]) => name))(
    `%s: valid, and within tolerance of the ${referenceDecoder} decoder's`,
    (name) => {
      const ref = reference.get(name)
      const got = hidden.get(name)
      expect(ref?.ok, `reference: ${ref?.error}`).toBe(true)
      expect(got?.ok, `FFmpeg hidden: ${got?.error ?? hiddenStderr}`).toBe(true)
      const off: string[] = []
      for (const d of DIMENSIONS) {
        const a = ref?.fingerprint[d.key] as number
        const b = got?.fingerprint[d.key] as number
        expect(Number.isFinite(b), `${name} ${d.key}`).toBe(true)
        if (Math.abs(a - b) > tolerance(d.key, d.range)) off.push(`${d.key} ${a} vs ${b}`)
      }
      expect(off, name).toEqual([])
    },
  )
})
