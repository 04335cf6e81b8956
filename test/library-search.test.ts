/**
 * Search in the library table at scale (issue #11: ≤ 100 ms at 100 000 tracks): a search that matches
 * many tracks is read along the title index, a narrow one sorts its matches — both give exactly the rows
 * and totals of sorting every match, in both directions and at any page. A real SQLite library file,
 * filled through the library's own discover → tag path.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { makeTempDir } from './helpers/audio'
import { rng } from './helpers/signals'
import { fileTags } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-search-')
const ROOT = '/music'
const N = 3000
let lib: Library
/** Each track's title, by id. */
const titleOf = new Map<number, string>()

beforeAll(() => {
  lib = Library.open(join(tmp.dir, 'library.db'))
  lib.addRoot(ROOT)
  const root = lib.rootByPath(ROOT)!
  const r = rng(11)
  const words = ['amber', 'blue', 'cedar', 'dusk', 'ember', 'fern', 'glow', 'haze']
  lib.transaction(() => {
    const gen = lib.nextGeneration()
    for (let i = 0; i < N; i++) {
      const path = join(ROOT, `${i}.flac`)
      lib.discover(root.id, { path, size: 1000, mtimeMs: 1 }, gen)
      const id = lib.trackIdByPath(path)!
      // "common" in a third of the titles, "rare" in three; titles repeat so ties are ordered by id.
      const word = words[Math.floor(r() * words.length)]!
      const title = `${word} ${i % 3 === 0 ? 'common' : 'plain'}${i === 17 || i === 1700 || i === 2999 ? ' rare' : ''} ${i % 40}`
      titleOf.set(id, title)
      lib.settleTagged(id, fileTags({ title, artist: `Artist ${i % 25}` }), null)
    }
  })
})

afterAll(() => {
  lib.close()
  tmp.cleanup()
})

/** The rows of sorting every match in title order (natural: "glow common 3" before "glow common 12"), ties by id. */
function reference(word: string, desc: boolean): number[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  const ids = [...titleOf].filter(([, t]) => t.split(' ').includes(word)).map(([id]) => id)
  ids.sort((a, b) => collator.compare(titleOf.get(a)!, titleOf.get(b)!) || a - b)
  return desc ? ids.reverse() : ids
}

describe('search in title order', () => {
  it('gives the rows of sorting every match, for a broad and a narrow search, both ways, at any page', () => {
    for (const word of ['common', 'rare']) {
      for (const desc of [false, true]) {
        const want = reference(word, desc)
        expect(want.length).toBe(word === 'common' ? N / 3 : 3)
        for (const [offset, limit] of [
          [0, 100],
          [450, 200],
          [990, 50],
        ] as const) {
          const page = lib.query({ filter: word, desc, offset, limit })
          expect(page.total).toBe(want.length)
          expect(page.rows.map((t) => t.id)).toEqual(want.slice(offset, offset + limit))
        }
      }
    }
  })

  it('counts a search combined with another condition over both', () => {
    const tagged = lib.query({ filter: 'common', state: 'pending', limit: 10 })
    expect(tagged.total).toBe(lib.query({ filter: 'common', limit: 0 }).total)
    expect(lib.query({ filter: 'common', state: 'done', limit: 10 })).toMatchObject({ total: 0, rows: [] })
  })
})
