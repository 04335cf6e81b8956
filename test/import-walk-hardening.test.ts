/**
 * Discovery under hostile folder layouts (issue 12, items 2 and 5), through the real CLI and a real SQLite
 * library: a symbolic link from one library folder into another imports each file once, and every entry the
 * walk cannot import (unreadable folder, dangling or looping link, a name that is not UTF-8, a path over the
 * OS limit, a named pipe) is listed with its reason in `scan --json` and in the text summary.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, sox } from './helpers/audio'
import { jsonLines, readTracks, runCli } from './helpers/library-fixtures'
import { openToOthers, runCliUnprivileged, unprivilegedPrefix } from './helpers/unprivileged'

const tmp = makeTempDir('soundprint-walkhard-')
const wav = (path: string, freq: number) =>
  sox('-n', '-r', '44100', '-c', '1', '-b', '16', path, 'synth', '0.5', 'sine', String(freq), 'vol', '0.5')

afterAll(() => {
  try {
    chmodSync(join(tmp.dir, 'odd', 'locked'), 0o755)
  } catch {}
  // rm walks a tree deeper than PATH_MAX; Node's rmSync does not.
  execFileSync('rm', ['-rf', tmp.dir])
  tmp.cleanup()
})

describe('a symbolic link between library folders', () => {
  const a = join(tmp.dir, 'links', 'a')
  const b = join(tmp.dir, 'links', 'b')
  beforeAll(() => {
    mkdirSync(join(b, 'sub'), { recursive: true })
    mkdirSync(a, { recursive: true })
    wav(join(a, 'one.wav'), 300)
    wav(join(b, 'two.wav'), 400)
    wav(join(b, 'sub', 'three.wav'), 500)
    symlinkSync('../b', join(a, 'link_to_b'))
    symlinkSync('../b/sub', join(a, 'link_to_sub'))
    symlinkSync('..', join(a, 'up')) // the folder holding both roots
  })

  it('`scan a b` imports each file once, under its real path', () => {
    const db = join(tmp.dir, 'links.db')
    const r = runCli(['scan', '--db', db, '--workers', '1', a, b])
    expect(r.status, r.stderr).toBe(0)
    const paths = readTracks(db).map((t) => t.path)
    expect(paths).toEqual([join(a, 'one.wav'), join(b, 'sub', 'three.wav'), join(b, 'two.wav')])
  })

  it('scanning the folders one after the other gives the same three tracks', () => {
    const db = join(tmp.dir, 'links-apart.db')
    expect(runCli(['scan', '--db', db, '--workers', '1', b]).status).toBe(0)
    expect(runCli(['scan', '--db', db, '--workers', '1', a]).status).toBe(0)
    expect(runCli(['scan', '--db', db, '--workers', '1', a, b]).status).toBe(0)
    const tracks = readTracks(db)
    expect(tracks.map((t) => t.path)).toEqual([join(a, 'one.wav'), join(b, 'sub', 'three.wav'), join(b, 'two.wav')])
    for (const t of tracks) expect(t.state).toBe('done')
  })
})

describe('entries the walk cannot import get a reason', () => {
  const root = join(tmp.dir, 'odd')
  const expected: [string, RegExp][] = []
  beforeAll(() => {
    mkdirSync(join(root, 'locked'), { recursive: true })
    wav(join(root, 'good.wav'), 600)
    wav(join(root, 'locked', 'hidden-away.wav'), 700)
    symlinkSync(join(root, 'gone.wav'), join(root, 'dangling.wav'))
    symlinkSync('loop.wav', join(root, 'loop.wav'))
    execFileSync('mkfifo', [join(root, 'pipe.wav')])
    // A name that is not UTF-8 (Latin-1 "café"): Node reads it back with U+FFFD and cannot open it by name.
    const bad = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('.wav')])
    writeFileSync(bad, 'x')
    // A folder chain longer than PATH_MAX (4096), built bottom-up by renames so that no path used is long.
    const seg = 'd'.repeat(250)
    execFileSync('sh', [
      '-c',
      `cd "${root}" && mkdir c && : > c/deep.wav && for i in $(seq 1 17); do mkdir t && mv c t/${seg} && mv t c; done && mv c ${seg}`,
    ])
    openToOthers(tmp.dir)
    chmodSync(join(root, 'locked'), 0o000)
    expected.push(
      [join(root, 'locked'), /permission denied/],
      [join(root, 'dangling.wav'), /dangling/],
      [join(root, 'loop.wav'), /loop/],
      [join(root, 'pipe.wav'), /named pipe/],
      [join(root, 'caf\uFFFD.wav'), /not valid UTF-8/],
    )
  })

  it.skipIf(unprivilegedPrefix() === null)('`scan --json` lists each with its reason; the text summary too', () => {
    const dbDir = join(tmp.dir, 'db')
    mkdirSync(dbDir)
    chmodSync(dbDir, 0o777) // the unprivileged user writes the library here
    const db = join(dbDir, 'odd.db')
    const r = runCliUnprivileged(['scan', '--db', db, '--workers', '1', '--json', root])
    expect(r.status, r.stderr).toBe(0)
    const events = jsonLines(r.stdout)
    const skipped = events.filter((e) => e.event === 'skipped') as { path: string; reason: string }[]
    for (const [path, reason] of expected) {
      const e = skipped.find((s) => s.path === path)
      expect(e, `${path} in ${JSON.stringify(skipped)}`).toBeDefined()
      expect(e!.reason).toMatch(reason)
    }
    const tooLong = skipped.find((s) => s.path.length > 4000)
    expect(tooLong?.reason).toMatch(/longer than the operating system allows/)
    expect(events[events.length - 1]).toMatchObject({ event: 'done', tracks: 1, failed: 0 })
    expect(readTracks(db).map((t) => t.path)).toEqual([join(root, 'good.wav')])

    const text = runCliUnprivileged(['scan', '--db', db, root])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/Skipped, not imported \(6\):/)
    expect(text.stdout).toContain(`${join(root, 'pipe.wav')}: not a regular file (a named pipe)`)
  })
})

describe.skipIf(unprivilegedPrefix() === null)('a file that could not be read', () => {
  it('is imported by the next scan once it is readable again (chmod leaves size and mtime alone)', () => {
    const root = join(tmp.dir, 'perm')
    mkdirSync(root)
    wav(join(root, 'later.wav'), 800)
    openToOthers(tmp.dir)
    chmodSync(join(root, 'later.wav'), 0o000)
    const dbDir = join(tmp.dir, 'perm-db')
    mkdirSync(dbDir)
    chmodSync(dbDir, 0o777)
    const db = join(dbDir, 'perm.db')
    expect(runCliUnprivileged(['scan', '--db', db, '--workers', '1', root]).status).toBe(0)
    expect(readTracks(db)[0]).toMatchObject({ state: 'failed', error: expect.stringMatching(/permission denied/) })
    chmodSync(join(root, 'later.wav'), 0o644)
    expect(runCliUnprivileged(['scan', '--db', db, '--workers', '1', root]).status).toBe(0)
    expect(readTracks(db)[0]).toMatchObject({ state: 'done', has_fp: 1 })
  })
})
