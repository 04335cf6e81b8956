/**
 * A real SQLite library filled through the Library API with known fingerprints (the analysis itself is
 * tested elsewhere), so rankings are predictable: each track is a small placeholder file on disk, tagged,
 * claimed and saved like the importer does.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Library } from '../../src/main/core/library'
import type { FileTags } from '../../src/main/core/tags'
import { ANALYSIS_VERSION, DIMENSIONS, type Fingerprint, vectorToFingerprint } from '../../src/shared/dimensions'
import { rng } from './signals'

export interface SyntheticTrack {
  path: string
  fingerprint?: Fingerprint
  hash?: string
  title?: string
  artist?: string | null
  durationSec?: number
  peakDbfs?: number | null
}

/** A fingerprint in the middle of every display range, shifted by `shift` × 2 % of the range on every dimension. */
export function shiftedFingerprint(shift: number, tempo = 120): Fingerprint {
  const v = DIMENSIONS.map((d) => d.range[0] + (d.range[1] - d.range[0]) * (0.5 + 0.02 * shift))
  const f = vectorToFingerprint(v)
  f.tempo_bpm = tempo
  return f
}

/** A fingerprint at a point of the unit cube (`at`, one coordinate per dimension) mapped onto the display ranges. */
export function fingerprintAt(at: ArrayLike<number>): Fingerprint {
  return vectorToFingerprint(DIMENSIONS.map((d, i) => d.range[0] + (d.range[1] - d.range[0]) * (at[i] as number)))
}

/** `n` random points of the unit cube's middle (0.2–0.8 per coordinate), reproducible by seed. */
export function randomPoints(n: number, seed = 1): number[][] {
  const r = rng(seed)
  return Array.from({ length: n }, () => DIMENSIONS.map(() => 0.2 + 0.6 * r()))
}

/** A file's tags for `Library.settleTagged`: nothing tagged, a 100-second stereo FLAC, then `over`. */
export function fileTags(over: Partial<FileTags> = {}): FileTags {
  return {
    title: null,
    artist: null,
    album: null,
    albumArtist: null,
    trackNo: null,
    discNo: null,
    year: null,
    genre: null,
    durationSec: 100,
    codec: 'flac',
    bitrate: null,
    sampleRate: 44100,
    channels: 2,
    ...over,
  }
}

/**
 * Adds one analysed track (state done) to root `rootId` and returns its id. Without `fingerprint` the track
 * is only discovered (pending, no fingerprint yet).
 */
export function addTrack(lib: Library, rootId: number, generation: number, t: SyntheticTrack): number {
  mkdirSync(dirname(t.path), { recursive: true })
  writeFileSync(t.path, `not really audio: ${t.path}`)
  lib.discover(rootId, { path: t.path, size: 100, mtimeMs: 1000 }, generation)
  const id = lib.trackIdByPath(t.path)!
  if (!t.fingerprint) return id
  const durationSec = t.durationSec ?? 10
  lib.settleTagged(
    id,
    fileTags({ title: t.title ?? null, artist: t.artist ?? null, durationSec, codec: 'pcm' }),
    t.hash ?? `hash:${t.path}`,
  )
  const claimed = lib.claimNext()
  if (claimed?.id !== id) throw new Error(`expected to claim track ${id}, got ${claimed?.id}`)
  lib.saveResult(
    id,
    {
      fingerprint: t.fingerprint,
      durationSec,
      sampleRate: 44100,
      channels: 2,
      codec: 'pcm',
      analysisVersion: ANALYSIS_VERSION,
      analysisMs: 5,
      silent: false,
      peakDbfs: t.peakDbfs === undefined ? -3 : t.peakDbfs,
    },
    t.hash ?? `hash:${t.path}`,
  )
  return id
}

/** Runs a CLI command function in this process, capturing what it writes to stdout and stderr. */
export async function runInProcess(
  command: (argv: string[]) => Promise<number>,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  const { vi } = await import('vitest')
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s)
    return true
  })
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s)
    return true
  })
  try {
    const code = await command(argv)
    return { code, out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}
