/**
 * `soundprint radio`, `soundprint path`, `soundprint playlist` and `similar --m3u` over a real SQLite
 * library filled with known fingerprints: JSON shapes of the issue, tables, errors with exit 1 / 2, and
 * the M3U8 files they write.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { playlist } from '../src/main/cli/playlist'
import { radio } from '../src/main/cli/radio'
import { similar } from '../src/main/cli/similar'
import { sonicPath } from '../src/main/cli/sonic-path'
import { Library } from '../src/main/core/library'
import { makeTempDir } from './helpers/audio'
import { BIN } from './helpers/library-fixtures'
import { addTrack, fingerprintAt, randomPoints, runInProcess } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-cli-listen-')
const db = join(tmp.dir, 'library.db')
const music = join(tmp.dir, 'music dir')
const out = join(tmp.dir, 'out')
let ids: number[] = []
let pending = 0

beforeAll(() => {
  mkdirSync(out)
  const lib = Library.open(db)
  const root = lib.addRoot(music)
  const gen = lib.nextGeneration()
  ids = randomPoints(40, 3).map((p, i) =>
    addTrack(lib, root.id, gen, {
      path: join(music, `Künstler ${i % 5}`, `Titel ${i}.wav`),
      fingerprint: fingerprintAt(p),
      title: `Titel ${i}`,
      artist: i % 4 === 0 ? null : `Künstler ${i % 5}`,
      durationSec: 100 + i,
    }),
  )
  pending = addTrack(lib, root.id, gen, { path: join(music, 'pending.wav') })
  lib.close()
})

afterAll(() => tmp.cleanup())

const trackKeys = ['id', 'path', 'title', 'artist', 'album', 'score']

describe('soundprint radio', () => {
  it('prints the issue JSON: seeds with id and path, N tracks in play order, no seed, no repeat', async () => {
    const r = await runInProcess(radio, [
      '--db',
      db,
      '-n',
      '15',
      '--json',
      String(ids[0]),
      join(music, 'Künstler 1', 'Titel 1.wav'),
    ])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.out)
    expect(Object.keys(res)).toEqual(['seeds', 'tracks'])
    expect(res.seeds).toEqual([
      { id: ids[0], path: join(music, 'Künstler 0', 'Titel 0.wav') },
      { id: ids[1], path: join(music, 'Künstler 1', 'Titel 1.wav') },
    ])
    expect(res.tracks).toHaveLength(15)
    for (const t of res.tracks) {
      expect(Object.keys(t)).toEqual(trackKeys)
      expect([ids[0], ids[1]]).not.toContain(t.id)
      expect(t.score).toBeGreaterThan(0)
      expect(t.score).toBeLessThanOrEqual(1)
    }
    expect(new Set(res.tracks.map((t: { id: number }) => t.id)).size).toBe(15)
  })

  it('asks for more than one batch when -n exceeds what one request returns, until the library runs out', async () => {
    const r = await runInProcess(radio, ['--db', db, '-n', '200', '--json', '--max-artist-run', '1000', String(ids[0])])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).tracks).toHaveLength(39)
    const table = await runInProcess(radio, ['--db', db, '-n', '3', String(ids[0])])
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/Radio from track/)
    expect(table.out.split('\n').filter((l) => /^\s+\d+\s+0\.\d{3}/.test(l))).toHaveLength(3)
  })

  it('writes --m3u as extended M3U8 in play order', async () => {
    const file = join(out, 'radio ü.m3u8')
    const r = await runInProcess(radio, ['--db', db, '-n', '5', '--json', '--m3u', file, String(ids[2])])
    expect(r.code).toBe(0)
    const tracks = JSON.parse(r.out).tracks as { path: string }[]
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('#EXTM3U')
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual(tracks.map((t) => t.path))
    expect(lines[1]).toMatch(/^#EXTINF:\d+,(Künstler \d - )?Titel \d+$/)
  })

  it('an unwritable --m3u FILE, an unknown track and a seed without a fingerprint: one clear line, exit 1', async () => {
    // A read-only folder (not for root, who may write anywhere), a missing folder, a folder in the way.
    const locked = join(out, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o500)
    const files = [join(out, 'no such dir', 'x.m3u8'), out]
    if (process.getuid?.() !== 0) files.push(join(locked, 'x.m3u8'))
    try {
      for (const file of files) {
        const r = await runInProcess(radio, ['--db', db, '--m3u', file, String(ids[0])])
        expect(r.code).toBe(1)
        expect(r.err).toMatch(
          /^soundprint radio: cannot write .+: (permission denied|the folder .+ does not exist|it is a folder)\n$/,
        )
      }
    } finally {
      chmodSync(locked, 0o700)
    }
    const unknown = await runInProcess(radio, ['--db', db, '999999'])
    expect(unknown).toMatchObject({ code: 1, err: 'soundprint radio: seed: no track with id 999999\n' })
    const notYet = await runInProcess(radio, ['--db', db, String(pending)])
    expect(notYet.code).toBe(1)
    expect(notYet.err).toMatch(
      /^soundprint radio: seed: track \d+ \(pending\) has no fingerprint yet \(state: pending\)\n$/,
    )
    const usage = await runInProcess(radio, ['--db', db, '-n', '0', '1'])
    expect(usage.code).toBe(2)
    expect(usage.err).toMatch(/-n must be an integer 1–1000/)
  })
})

describe('soundprint path', () => {
  it('prints the issue JSON: FROM first, TO last, steps + 2 tracks, scores to the previous track', async () => {
    const r = await runInProcess(sonicPath, ['--db', db, '--steps', '5', '--json', String(ids[3]), String(ids[4])])
    expect(r.code).toBe(0)
    const res = JSON.parse(r.out)
    expect(Object.keys(res)).toEqual(['tracks'])
    expect(res.tracks).toHaveLength(7)
    expect(res.tracks[0].id).toBe(ids[3])
    expect(res.tracks[6].id).toBe(ids[4])
    for (const t of res.tracks) expect(Object.keys(t)).toEqual(trackKeys)
    expect(new Set(res.tracks.map((t: { id: number }) => t.id)).size).toBe(7)
  })

  it('writes --m3u, and reports FROM = TO, unknown tracks and a library too small with exit 1', async () => {
    const file = join(out, 'path.m3u8')
    const r = await runInProcess(sonicPath, ['--db', db, '--m3u', file, String(ids[5]), String(ids[6])])
    expect(r.code).toBe(0)
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#EXTINF')),
    ).toHaveLength(10)
    expect(await runInProcess(sonicPath, ['--db', db, String(ids[5]), String(ids[5])])).toMatchObject({
      code: 1,
      err: 'soundprint path: FROM and TO are the same track: a path needs two\n',
    })
    expect(await runInProcess(sonicPath, ['--db', db, String(ids[5]), '999999'])).toMatchObject({
      code: 1,
      err: 'soundprint path: TO: no track with id 999999\n',
    })
    const tooSmall = await runInProcess(sonicPath, [
      '--db',
      db,
      '--steps',
      '30',
      '--m3u',
      file,
      String(ids[5]),
      String(ids[6]),
    ])
    expect(tooSmall).toMatchObject({ code: 0 })
    expect((await runInProcess(sonicPath, ['--db', db, '--steps', '31', '1', '2'])).code).toBe(2)
    expect((await runInProcess(sonicPath, ['--db', db, '1'])).code).toBe(2)
  })
})

describe('soundprint similar --m3u', () => {
  it('writes the similar tracks as a playlist, best first', async () => {
    const file = join(out, 'similar.m3u8')
    const r = await runInProcess(similar, ['--db', db, '-n', '4', '--json', '--m3u', file, String(ids[7])])
    expect(r.code).toBe(0)
    const res = JSON.parse(r.out)
    const paths = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
    expect(paths).toEqual(res.results.map((x: { path: string }) => x.path))
    const bad = await runInProcess(similar, ['--db', db, '--m3u', join(out, 'nope', 'x.m3u8'), String(ids[7])])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^soundprint similar: cannot write .*does not exist\n$/)
  })
})

describe('soundprint playlist', () => {
  it('creates, lists, shows, exports (absolute and relative), imports and deletes', async () => {
    const created = await runInProcess(playlist, [
      'create',
      '--db',
      db,
      'Morning mix',
      String(ids[0]),
      String(ids[1]),
      String(ids[0]),
    ])
    expect(created.code).toBe(0)
    expect(created.out).toMatch(/created playlist \d+ 'Morning mix' with 3 tracks/)
    const list = JSON.parse((await runInProcess(playlist, ['list', '--db', db, '--json'])).out)
    expect(list).toEqual([expect.objectContaining({ name: 'Morning mix', trackCount: 3, durationSec: 301 })])
    const show = JSON.parse((await runInProcess(playlist, ['show', '--db', db, '--json', 'morning MIX'])).out)
    expect(show.tracks.map((t: { id: number }) => t.id)).toEqual([ids[0], ids[1], ids[0]])

    const abs = await runInProcess(playlist, ['export', '--db', db, 'Morning mix'])
    expect(abs.out.split('\n').slice(0, 3)).toEqual([
      '#EXTM3U',
      '#EXTINF:100,Titel 0',
      join(music, 'Künstler 0', 'Titel 0.wav'),
    ])
    const file = join(tmp.dir, 'lists', 'morning.m3u8')
    mkdirSync(join(tmp.dir, 'lists'))
    const rel = await runInProcess(playlist, ['export', '--db', db, '--relative', '-o', file, String(list[0].id)])
    expect(rel.code).toBe(0)
    expect(readFileSync(file, 'utf8').split('\n')[4]).toBe('../music dir/Künstler 1/Titel 1.wav')

    // Import the relative file back, plus a line that is not in the library, written as Latin-1.
    const latin1 = Buffer.from(`${readFileSync(file, 'utf8')}../elsewhere/Café.mp3\n`, 'latin1')
    writeFileSync(join(tmp.dir, 'lists', 'old.m3u'), latin1)
    const imp = await runInProcess(playlist, ['import', '--db', db, join(tmp.dir, 'lists', 'old.m3u')])
    expect(imp.code).toBe(0)
    expect(imp.out).toMatch(/imported playlist \d+ 'old' with 3 tracks/)
    expect(imp.err).toBe('1 entry is not in the library:\n  ../elsewhere/Café.mp3\n')

    expect((await runInProcess(playlist, ['delete', '--db', db, 'old'])).code).toBe(0)
    expect(await runInProcess(playlist, ['show', '--db', db, 'old'])).toMatchObject({
      code: 1,
      err: "soundprint playlist: no playlist 'old' (see `soundprint playlist list`)\n",
    })
    expect((await runInProcess(playlist, ['frobnicate', '--db', db])).code).toBe(2)
    const unwritable = await runInProcess(playlist, [
      'export',
      '--db',
      db,
      '-o',
      join(tmp.dir, 'nope', 'x.m3u8'),
      'Morning mix',
    ])
    expect(unwritable.code).toBe(1)
  })

  it('runs from the built CLI (npm run build), listed in --help', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
    for (const cmd of ['radio', 'path', 'playlist']) expect(help.stdout).toMatch(new RegExp(`\\n  ${cmd} +\\S`))
    const r = spawnSync(process.execPath, [BIN, 'path', '--db', db, '--json', String(ids[8]), String(ids[9])], {
      encoding: 'utf8',
    })
    expect(r.stderr).not.toMatch(/error|at /i)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).tracks).toHaveLength(10)
  })
})
