/**
 * `soundprint similar` over a real SQLite library. The library is filled through the Library API with
 * known fingerprints (the analysis itself is tested elsewhere), so the ranking is predictable.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { similar } from '../src/main/cli/similar'
import { Library } from '../src/main/core/library'
import { type Fingerprint, SIMILARITY_GROUPS } from '../src/shared/dimensions'
import { makeTempDir } from './helpers/audio'
import { addTrack, runInProcess, shiftedFingerprint } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-similar-')
const db = join(tmp.dir, 'library.db')
const music = join(tmp.dir, 'music')
const ids: Record<string, number> = {}

function add(lib: Library, rootId: number, gen: number, name: string, f: Fingerprint, hash: string, title: string) {
  ids[name] = addTrack(lib, rootId, gen, {
    path: join(music, name),
    fingerprint: f,
    hash,
    title,
    artist: 'Test Artist',
  })
}

const run = (...argv: string[]) => runInProcess(similar, argv)

beforeAll(() => {
  mkdirSync(music)
  const lib = Library.open(db)
  const root = lib.addRoot(music)
  const gen = lib.nextGeneration()
  add(lib, root.id, gen, 'query.wav', shiftedFingerprint(0), 'hash-q', 'Query Song')
  add(lib, root.id, gen, 'near.wav', shiftedFingerprint(1), 'hash-near', 'Near Song')
  add(lib, root.id, gen, 'half-tempo.wav', shiftedFingerprint(1, 60), 'hash-half', 'Half Tempo')
  add(lib, root.id, gen, 'far.wav', shiftedFingerprint(10), 'hash-far', 'Far Song')
  add(lib, root.id, gen, 'copy.wav', shiftedFingerprint(0), 'hash-copy', 'Query Song (copy)')
  for (let i = 0; i < 30; i++)
    add(lib, root.id, gen, `filler-${i}.wav`, shiftedFingerprint(-20 + (i % 7) * 6), `h${i}`, `Filler ${i}`)
  // A track without a fingerprint yet.
  const pendingPath = join(music, 'pending.wav')
  writeFileSync(pendingPath, 'x')
  lib.discover(root.id, { path: pendingPath, size: 1, mtimeMs: 1 }, gen)
  ids['pending.wav'] = lib.trackIdByPath(pendingPath)!
  lib.close()
})

afterAll(() => tmp.cleanup())

describe('soundprint similar', () => {
  it('prints the JSON result for a track id, best first, the query excluded', async () => {
    const r = await run('--db', db, '-n', '4', '--json', String(ids['query.wav']))
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.out)
    expect(Object.keys(res)).toEqual(['query', 'results'])
    expect(res.query).toEqual({ id: ids['query.wav'], path: join(music, 'query.wav') })
    expect(res.results).toHaveLength(4)
    expect(Object.keys(res.results[0])).toEqual(['id', 'path', 'title', 'artist', 'score', 'duplicate', 'groups'])
    expect(res.results.map((x: { id: number }) => x.id)).toEqual([
      ids['copy.wav'],
      ids['near.wav'],
      ids['half-tempo.wav'],
      expect.any(Number),
    ])
    expect(res.results[0]).toMatchObject({
      title: 'Query Song (copy)',
      artist: 'Test Artist',
      score: 1,
      duplicate: true,
    })
    expect(res.results[1].duplicate).toBe(false)
    expect(Object.keys(res.results[1].groups)).toEqual(SIMILARITY_GROUPS.map((g) => g.key))
    for (let i = 1; i < res.results.length; i++)
      expect(res.results[i - 1].score).toBeGreaterThanOrEqual(res.results[i].score)
  })

  it('runs as `soundprint similar` from the built CLI (npm run build)', () => {
    const bin = join(__dirname, '..', 'bin', 'soundprint.mjs')
    const r = spawnSync(process.execPath, [bin, 'similar', '--db', db, '-n', '2', '--json', join(music, 'query.wav')], {
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const res = JSON.parse(r.stdout)
    expect(res.query.id).toBe(ids['query.wav'])
    expect(res.results.map((x: { id: number }) => x.id)).toEqual([ids['copy.wav'], ids['near.wav']])
  })

  it('accepts a file path (relative or absolute) and prints a readable table by default', async () => {
    const byPath = await run('--db', db, '--json', join(music, 'near.wav'))
    expect(byPath.code).toBe(0)
    expect(JSON.parse(byPath.out).query.id).toBe(ids['near.wav'])
    const cwd = process.cwd()
    process.chdir(music)
    try {
      const rel = await run('--db', db, '-n', '3', 'query.wav')
      expect(rel.code).toBe(0)
      expect(rel.out).toContain('Tracks like Query Song — Test Artist')
      expect(rel.out).toMatch(/1\s+1\.000\s+Query Song \(copy\)/)
      expect(rel.out).toContain('(duplicate)')
      expect(rel.out.split('\n').filter((l) => /^\s+\d+\s+[01]\.\d{3}/.test(l))).toHaveLength(3)
    } finally {
      process.chdir(cwd)
    }
  })

  it('applies group weights', async () => {
    const plain = JSON.parse((await run('--db', db, '--json', '-n', '40', String(ids['query.wav']))).out)
    const noRhythm = JSON.parse(
      (await run('--db', db, '--json', '-n', '40', '--weights', 'rhythm=0', String(ids['query.wav']))).out,
    )
    const score = (res: { results: { id: number; score: number }[] }, id: number) =>
      res.results.find((x) => x.id === id)!.score
    expect(score(noRhythm, ids['half-tempo.wav']!)).toBeGreaterThan(score(plain, ids['half-tempo.wav']!))
  })

  it('fails clearly: unknown id, file not in the library, no fingerprint yet, bad arguments, no library', async () => {
    const unknown = await run('--db', db, '9999')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no track with id 9999/)
    const outside = join(tmp.dir, 'outside.wav')
    writeFileSync(outside, 'x')
    const notIn = await run('--db', db, outside)
    expect(notIn.code).toBe(1)
    expect(notIn.err).toMatch(/not in the library/)
    const pending = await run('--db', db, String(ids['pending.wav']))
    expect(pending.code).toBe(1)
    expect(pending.err).toMatch(/no fingerprint yet/)
    expect((await run('--db', db)).code).toBe(2)
    expect((await run('--db', db, '-n', '0', '1')).err).toMatch(/-n must be/)
    expect((await run('--db', db, '--weights', 'tempo=2', '1')).err).toMatch(/--weights/)
    expect((await run('--db', db, 'no/such/file.mp3')).err).toMatch(/no such file or track id/)
    const none = await run('--db', join(tmp.dir, 'nothing-here.db'), '1')
    expect(none.code).toBe(1)
    expect(none.err).toMatch(/no library at/)
  })
})
