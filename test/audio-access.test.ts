/**
 * Only audio inside a library folder is streamed (`core/audio-access.ts`, behind both `GET /api/audio/<id>`
 * and the desktop's `soundprint-audio:` protocol): a `passwd.mp3 -> /etc/passwd` link in a music folder,
 * a link to a file beside the library, and a text file named `.flac` that failed as not audio are
 * refused; a link that stays inside the library and a library folder that is itself a link still play.
 * Real files and symbolic links, a real import with real workers, real HTTP requests.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core, openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import type { TrackSummary } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'
import { makeTone } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-audio-access-')
let core: Core
let server: RunningServer
let rows: TrackSummary[] = []
const byName = (name: string) => rows.find((r) => r.path.endsWith(`/${name}`)) as TrackSummary

beforeAll(async () => {
  const music = join(tmp.dir, 'music')
  mkdirSync(join(music, 'sub'), { recursive: true })
  makeTone(join(music, 'tone.wav'), 440, 1)
  makeTone(join(tmp.dir, 'beside.wav'), 550, 1) // a real audio file, but not in the library
  symlinkSync('/etc/passwd', join(music, 'passwd.mp3'))
  symlinkSync('../beside.wav', join(music, 'outside.wav'))
  symlinkSync('../tone.wav', join(music, 'sub', 'inside-link.wav'))
  writeFileSync(join(music, 'notes.flac'), 'this is not a FLAC file\n'.repeat(100))
  // The second library folder is itself a link to a real folder elsewhere.
  mkdirSync(join(tmp.dir, 'real-album'))
  makeTone(join(tmp.dir, 'real-album', 'album-track.wav'), 660, 1)
  symlinkSync(join(tmp.dir, 'real-album'), join(tmp.dir, 'album-link'))

  core = await openCore({ dbPath: join(tmp.dir, 'lib.db'), workers: 1 })
  server = await startServer({ core, port: 0, version: 'test', rendererDir: null })
  await core.api['library.addRoot']({ path: music })
  await core.api['library.addRoot']({ path: join(tmp.dir, 'album-link') })
  const t0 = Date.now()
  for (;;) {
    const s = await core.api['import.status']({})
    if (s.phase === 'done' && s.pending === 0 && s.current.length === 0) break
    if (Date.now() - t0 > 120_000) throw new Error('import did not finish')
    await new Promise((r) => setTimeout(r, 100))
  }
  rows = (await core.api['tracks.query']({ limit: 100 })).rows
}, 180_000)

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp.cleanup()
})

const audio = (id: number) => fetch(`${server.url}/api/audio/${id}`)

describe('audio access', () => {
  it('refuses a symbolic link to /etc/passwd, whatever its import state', async () => {
    const t = byName('passwd.mp3')
    expect(t).toBeDefined()
    expect(await core.audioFile(t.id)).toMatchObject({ ok: false })
    const res = await audio(t.id)
    expect(res.status).toBe(404)
    const body = await res.text()
    expect(body).not.toContain('root:')
    expect(JSON.parse(body).code).toMatch(/outside_library|not_audio/)
    // Even while it is still queued (before analysis could fail it), the link leads out of the library.
    const db = (await import('better-sqlite3')).default(join(tmp.dir, 'lib.db'))
    db.prepare(`UPDATE tracks SET state = 'pending', error = NULL, error_code = NULL WHERE id = ?`).run(t.id)
    db.close()
    const pending = await audio(t.id)
    expect(pending.status).toBe(404)
    expect(((await pending.json()) as { code: string }).code).toBe('outside_library')
    expect(await core.audioFile(t.id)).toMatchObject({ ok: false, code: 'outside_library' })
  })

  it('refuses a link to real audio beside the library', async () => {
    const t = byName('outside.wav')
    const res = await audio(t.id)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('outside_library')
  })

  it('refuses a failed track that is not audio', async () => {
    const t = byName('notes.flac')
    expect(t.state).toBe('failed')
    const res = await audio(t.id)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('not_audio')
  })

  it('plays audio inside the library, through links that stay inside and through a linked library folder', async () => {
    for (const name of ['tone.wav', 'album-track.wav']) {
      const t = byName(name)
      expect(t, name).toBeDefined()
      const res = await audio(t.id)
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type')).toBe('audio/wav')
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(t.path)), name).toBe(true)
    }
    const link = byName('inside-link.wav')
    if (link) expect((await audio(link.id)).status).toBe(200) // (the walk may list it under the real path only)
  })
})
