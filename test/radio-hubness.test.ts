/**
 * The radio ranks with the same hubness-corrected distances as similar-track search: over a real SQLite
 * library of scattered tracks with a few "central" ones (near the middle of everything, the hubs that
 * plain distances put in everybody's neighbourhood), radios from many different seeds seldom play the
 * hubs — far less often than the same radios on plain distances.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { radioNext } from '../src/main/core/radio'
import { SimilarityIndex } from '../src/main/core/similarity'
import type { SonicSource } from '../src/main/core/sonic-common'
import { makeTempDir } from './helpers/audio'
import { rng } from './helpers/signals'
import { addTrack, fingerprintAt, randomPoints } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-radio-hub-')
let lib: Library
let src: SonicSource
const hubs: number[] = []
const others: number[] = []

beforeAll(() => {
  lib = Library.open(join(tmp.dir, 'library.db'))
  const root = lib.addRoot(join(tmp.dir, 'music'))
  const gen = lib.nextGeneration()
  let n = 0
  const add = (at: number[]) =>
    addTrack(lib, root.id, gen, {
      path: join(tmp.dir, 'music', `t${n}.wav`),
      fingerprint: fingerprintAt(at),
      artist: `Artist ${n++}`,
      durationSec: 200,
    })
  // Scattered tracks over the whole cube (0.05–0.95), and 5 near its centre.
  const r = rng(7)
  for (const p of randomPoints(400, 3)) others.push(add(p.map((v) => 0.5 + (v - 0.5) * 1.5)))
  for (let h = 0; h < 5; h++) hubs.push(add(Array.from({ length: 25 }, () => 0.5 + 0.02 * (r() - 0.5))))
  src = { index: new SimilarityIndex(lib.fingerprintEntries()), summaries: (ids) => lib.summaries(ids) }
})

afterAll(() => {
  lib?.close()
  tmp.cleanup()
})

/** In how many of the radios from the first `seeds` scattered tracks (10 picks each) a hub plays. */
function radiosWithHub(hubness: boolean, seeds = 80): number {
  let withHub = 0
  for (const seed of others.slice(0, seeds)) {
    const picks = radioNext(src, { seeds: [seed], count: 10 }, { hubness })
    if (picks.some((p) => hubs.includes(p.id))) withHub++
  }
  return withHub
}

describe('radio and hubness', () => {
  it('plays the central tracks in far fewer radios than plain distances would', () => {
    const plain = radiosWithHub(false)
    const corrected = radiosWithHub(true)
    expect(plain).toBeGreaterThan(20)
    expect(corrected).toBeLessThan(plain / 3)
  })
})
