/**
 * Damaged and read-only library files (issue 12, items 3 and 4), through the real CLI and server:
 * - a damaged library is found damaged (PRAGMA quick_check) before anything writes to it: one clear line
 *   with what to do, exit 1, no stack trace, the file byte-identical;
 * - a healthy library this user may not write is read: `tracks`, `similar` and `serve` work read-only, and
 *   a command or API method that must write says the library is read-only.
 * As root file modes stop nothing, so the read-only cases run the CLI as `nobody` (setpriv).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, sox } from './helpers/audio'
import { BIN, jsonLines, runCli } from './helpers/library-fixtures'
import { openToOthers, runCliUnprivileged, unprivilegedPrefix } from './helpers/unprivileged'

const tmp = makeTempDir('soundprint-dbfaults-')
const music = join(tmp.dir, 'music')
const sha1 = (p: string) => createHash('sha1').update(readFileSync(p)).digest('hex')

beforeAll(() => {
  mkdirSync(music)
  for (const [i, f] of [300, 450, 600].entries())
    sox('-n', '-r', '44100', '-c', '1', join(music, `t${i}.wav`), 'synth', '1', 'sine', String(f), 'vol', '0.5')
})
afterAll(() => {
  chmodSync(join(tmp.dir, 'ro'), 0o755)
  tmp.cleanup()
})

/** A real library of the three tracks plus `extra` rows, so that it spans many pages. */
function makeLibrary(path: string, extra = 0): void {
  const r = runCli(['scan', '--db', path, '--workers', '1', music])
  expect(r.status, r.stderr).toBe(0)
  if (extra === 0) return
  const db = new Database(path)
  const ins = db.prepare(
    `INSERT INTO tracks (root_id, path, name, size, mtime_ms, added_at, updated_at, state, tagged)
     VALUES (1, ?, ?, 1, 1, 1, 1, 'done', 1)`,
  )
  db.transaction(() => {
    for (let i = 0; i < extra; i++) ins.run(join(music, `gone-${i}-${'x'.repeat(60)}.wav`), `gone ${i}`)
  })()
  db.close()
}

describe('a damaged library', () => {
  const path = join(tmp.dir, 'damaged', 'library.db')
  let before = ''
  beforeAll(() => {
    mkdirSync(join(tmp.dir, 'damaged'))
    makeLibrary(path, 3000)
    // Keep the header and the schema page, trash ten pages of the tracks table.
    const bytes = readFileSync(path)
    const page = bytes.readUInt16BE(16)
    for (let i = page * 20; i < Math.min(page * 30, bytes.length); i++) bytes[i] = (i * 7919) & 0xff
    writeFileSync(path, bytes)
    before = sha1(path)
  })

  it.each([['tracks'], ['scan']])('`%s` says it is damaged and what to do, without a stack trace or a write', (cmd) => {
    const r = runCli(cmd === 'scan' ? ['scan', '--db', path, music] : ['tracks', '--db', path])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/is damaged .*left untouched — restore it from a backup, or move it aside/)
    expect(r.stderr).not.toMatch(/^\s+at /m)
    expect(r.stderr.trim().split('\n').length).toBe(1)
    expect(r.stdout).toBe('')
    expect(sha1(path)).toBe(before)
    expect(readdirSync(join(tmp.dir, 'damaged'))).toEqual(['library.db'])
  })
})

const server = (args: string[]): Promise<{ child: ChildProcess; base: string }> =>
  new Promise((resolve, reject) => {
    const [cmd, ...pre] = [...unprivilegedPrefix()!, process.execPath, BIN, 'serve', '--port', '0', ...args]
    const child = spawn(cmd!, pre, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: '/tmp' } })
    let out = ''
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /open (http:\/\/[^\s/]+)\//.exec(out)
      if (m) resolve({ child, base: m[1]! })
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })

describe.skipIf(unprivilegedPrefix() === null)('a healthy library this user may not write', () => {
  const dir = join(tmp.dir, 'ro')
  const path = join(dir, 'library.db')
  let before = ''
  beforeAll(() => {
    mkdirSync(dir)
    makeLibrary(path)
    openToOthers(tmp.dir)
    chmodSync(path, 0o444)
    chmodSync(dir, 0o555) // no -shm can be made beside it either
    before = sha1(path)
  })

  it('`tracks` and `similar` read it', () => {
    const t = runCliUnprivileged(['tracks', '--db', path, '--json'])
    expect(t.status, t.stderr).toBe(0)
    expect(jsonLines(t.stdout).map((x) => x.state)).toEqual(['done', 'done', 'done'])
    const s = runCliUnprivileged(['similar', '--db', path, '--json', join(music, 't0.wav')])
    expect(s.status, s.stderr).toBe(0)
    expect((JSON.parse(s.stdout) as { results: unknown[] }).results.length).toBe(2)
    expect(sha1(path)).toBe(before)
  })

  it('`scan` says the library is read-only and leaves it as it was', () => {
    const r = runCliUnprivileged(['scan', '--db', path, music])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/is read-only for this user/)
    expect(r.stderr).not.toMatch(/damaged/)
    expect(sha1(path)).toBe(before)
  })

  it('`serve` serves it read-only: reads answer, writes say why not (409)', async () => {
    const { child, base } = await server(['--db', path])
    try {
      const post = (method: string, body: unknown) =>
        fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      const q = await post('tracks.query', {})
      expect(q.status).toBe(200)
      expect(((await q.json()) as { total: number }).total).toBe(3)
      const add = await post('library.addRoot', { path: music })
      expect(add.status).toBe(409)
      expect(((await add.json()) as { error: string }).error).toMatch(/open read-only/)
    } finally {
      child.kill('SIGTERM')
    }
    expect(sha1(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })
})
