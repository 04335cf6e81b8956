/**
 * Watched folders (#11) with real chokidar, real files made by sox/ffmpeg and real DSP workers: files
 * copied, written slowly, deleted, moved and renamed under a library folder are picked up with no user
 * action; the setting turns it off and on; a folder that disappears makes its tracks missing and they
 * return with it; what changed while the core was closed is found when it opens. Then the watcher on its
 * own (a recording importer): what it ignores, and a watcher error (ENOSPC) reported once with a fallback.
 */
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { type Core, openCore } from '../src/main/core/service'
import { FolderWatcher } from '../src/main/core/watcher'
import type { ImportProgress, TrackSummary, WatchStatus } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'
import { makeTone } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-watch-')
const dbPath = join(tmp.dir, 'library.db')
const root = join(tmp.dir, 'music')
const staging = join(tmp.dir, 'staging')
/** Short timings so the tests do not wait for the defaults (1 s quiet, 1.5 s stable, 5 s root check). */
const WATCH = { quietMs: 300, stableMs: 800, rootCheckMs: 400, fallbackRescanMs: 500 }

let core: Core
const progress: ImportProgress[] = []
const statuses: WatchStatus[] = []

/** Staged tones (made outside the watched folder: ffmpeg's own temporary files are not part of a test). */
const tone = (name: string, freq: number, sec = 1.5): string => {
  const p = join(staging, name)
  makeTone(p, freq, sec)
  return p
}

function until(pred: () => boolean | Promise<boolean>, ms = 60_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const tick = async () => {
      try {
        if (await pred()) return resolve()
      } catch (err) {
        return reject(err)
      }
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(tick, 100)
    }
    void tick()
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function tracks(): Promise<Map<string, TrackSummary>> {
  const page = await core.api['tracks.query']({ limit: 1000 })
  return new Map(page.rows.map((t) => [t.path, t]))
}

async function stateOf(path: string): Promise<string | undefined> {
  return (await tracks()).get(path)?.state
}

async function open(): Promise<Core> {
  const c = await openCore({ dbPath, workers: 2, watch: WATCH })
  c.on('import.progress', (p) => progress.push(p))
  c.on('watch.status', (s) => statuses.push(s))
  return c
}

beforeAll(async () => {
  mkdirSync(root, { recursive: true })
  mkdirSync(staging, { recursive: true })
  copyFileSync(tone('a.flac', 220), join(root, 'a.flac'))
  copyFileSync(tone('b.ogg', 330), join(root, 'b.ogg'))
  core = await open()
  await core.api['library.addRoot']({ path: root })
  await until(
    async () => (await stateOf(join(root, 'a.flac'))) === 'done' && (await stateOf(join(root, 'b.ogg'))) === 'done',
  )
  await until(async () => (await core.api['watch.status']({})).roots[0]?.state === 'watching', 10_000, 'watching')
}, 120_000)

afterAll(async () => {
  await core?.close()
  tmp.cleanup()
})

describe('watched folders', () => {
  it('reports the folder as watched', async () => {
    const s = await core.api['watch.status']({})
    expect(s).toMatchObject({ enabled: true, roots: [{ path: root, state: 'watching', problem: null }] })
    expect(await core.api['settings.get']({})).toEqual({ watchFolders: true })
  })

  it('a file copied in appears and is analysed with no user action', async () => {
    const src = tone('copied.mp3', 440)
    const dest = join(root, 'copied.mp3')
    const t0 = Date.now()
    copyFileSync(src, dest)
    await until(async () => (await stateOf(dest)) === 'done', 30_000, 'the copied file analysed')
    const sec = (Date.now() - t0) / 1000
    // Within a few seconds: stable 0.8 s + quiet 0.3 s + tags + one analysis of 1.5 s of audio.
    expect(sec).toBeLessThan(15)
  })

  it('a slow copy (chunks over ~3 s) is not read before it is complete, then analysed once, never failed', async () => {
    const data = readFileSync(tone('slow.wav', 523, 4))
    const dest = join(root, 'slow.wav')
    // The earlier runs have ended (their final 'done' is not this file's).
    await until(() => progress.at(-1)?.phase === 'done', 10_000, 'earlier runs to end')
    const since = progress.length
    const seen = new Set<string>()
    let watching = true
    const watch = (async () => {
      while (watching) {
        const s = await stateOf(dest)
        if (s) seen.add(s)
        await sleep(100)
      }
    })()
    const fd = openSync(dest, 'w')
    const chunks = 12
    const size = Math.ceil(data.length / chunks)
    for (let i = 0; i < chunks; i++) {
      writeSync(fd, data, i * size, Math.min(size, data.length - i * size))
      await sleep(250)
    }
    closeSync(fd)
    // Nothing of the half-written file reached the library while it was growing.
    expect([...seen]).toEqual([])
    await until(async () => (await stateOf(dest)) === 'done', 30_000, 'the slow copy analysed')
    watching = false
    await watch
    expect(seen.has('failed')).toBe(false)
    // Analysed once: the runs since the copy began analysed one track between them.
    await until(() => progress.at(-1)?.phase === 'done', 10_000, 'the run to end')
    const done = progress.slice(since).filter((p) => p.phase === 'done')
    expect(done.reduce((n, p) => n + p.analysed, 0)).toBe(1)
    expect(done.reduce((n, p) => n + p.failed, 0)).toBe(0)
  })

  it('a file changed in place (re-encoded, re-tagged) is read and analysed again under the same id', async () => {
    const path = join(root, 'slow.wav')
    const before = (await tracks()).get(path)!
    expect(before.durationSec).toBeCloseTo(4, 1)
    copyFileSync(tone('shorter.wav', 587, 2), path)
    await until(
      async () => {
        const t = (await tracks()).get(path)
        return t?.state === 'done' && Math.abs((t.durationSec ?? 0) - 2) < 0.1
      },
      20_000,
      'the new content analysed',
    )
    expect((await tracks()).get(path)!.id).toBe(before.id)
  })

  it('a deleted file becomes missing (kept, not removed)', async () => {
    const path = join(root, 'copied.mp3')
    const id = (await tracks()).get(path)!.id
    rmSync(path)
    await until(async () => (await stateOf(path)) === 'missing', 15_000, 'missing')
    expect((await core.api['tracks.get']({ id })).state).toBe('missing')
  })

  it('a file moved into a new folder and renamed keeps its id (and its playlist entry)', async () => {
    const from = join(root, 'a.flac')
    const before = (await tracks()).get(from)!
    const list = await core.api['playlists.create']({ name: 'moved', trackIds: [before.id] })
    mkdirSync(join(root, 'new folder'))
    const to = join(root, 'new folder', 'renamed.flac')
    renameSync(from, to)
    await until(async () => (await tracks()).get(to)?.state === 'done', 20_000, 'the moved file re-linked')
    const after = (await tracks()).get(to)!
    expect(after.id).toBe(before.id)
    expect((await tracks()).has(from)).toBe(false)
    const pl = await core.api['playlists.get']({ id: list.id })
    expect(pl.tracks.map((t) => [t.id, t.path])).toEqual([[before.id, to]])
  })

  it('a folder moved in from elsewhere brings its files', async () => {
    const album = join(staging, 'album')
    mkdirSync(album)
    copyFileSync(tone('t1.flac', 600), join(album, 't1.flac'))
    copyFileSync(tone('t2.flac', 700), join(album, 't2.flac'))
    renameSync(album, join(root, 'album'))
    await until(
      async () => {
        const t = await tracks()
        return (
          t.get(join(root, 'album', 't1.flac'))?.state === 'done' &&
          t.get(join(root, 'album', 't2.flac'))?.state === 'done'
        )
      },
      30_000,
      'the moved-in folder analysed',
    )
  })

  it('with the setting off nothing is picked up; on again, what came meanwhile is', async () => {
    expect(await core.api['settings.set']({ watchFolders: false })).toEqual({ watchFolders: false })
    expect(await core.api['watch.status']({})).toEqual({ enabled: false, roots: [] })
    expect(statuses.at(-1)?.enabled).toBe(false)
    const dest = join(root, 'while-off.flac')
    copyFileSync(tone('while-off.flac', 800), dest)
    await sleep(3000)
    expect(await stateOf(dest)).toBeUndefined()
    await core.api['settings.set']({ watchFolders: true })
    await until(async () => (await stateOf(dest)) === 'done', 30_000, 'the file found once watching is on')
    await until(async () => (await core.api['watch.status']({})).roots[0]?.state === 'watching', 10_000, 'watching')
  })

  it('a folder that disappears makes its tracks missing, and they return with it', async () => {
    const t = await tracks()
    const present = [...t.values()].filter((x) => x.state === 'done')
    expect(present.length).toBeGreaterThanOrEqual(5)
    const away = join(tmp.dir, 'unplugged')
    renameSync(root, away)
    await until(async () => (await core.api['watch.status']({})).roots[0]?.state === 'offline', 10_000, 'offline')
    expect((await core.api['watch.status']({})).roots[0]!.problem).toMatch(/missing until it is back/)
    await until(
      async () => {
        const now = await tracks()
        return present.every((x) => now.get(x.path)?.state === 'missing')
      },
      15_000,
      'every track missing',
    )
    expect((await core.api['library.roots']({})).map((r) => r.path)).toEqual([root])
    renameSync(away, root)
    await until(
      async () => (await core.api['watch.status']({})).roots[0]?.state === 'watching',
      10_000,
      'watching again',
    )
    await until(
      async () => {
        const now = await tracks()
        return present.every((x) => now.get(x.path)?.state === 'done' && now.get(x.path)?.id === x.id)
      },
      15_000,
      'every track back',
    )
  })

  it('what changed while the app was closed is found when it opens, with no user action', async () => {
    await core.close()
    const added = join(root, 'added-while-closed.flac')
    const deleted = join(root, 'b.ogg')
    copyFileSync(tone('closed.flac', 900), added)
    rmSync(deleted)
    const t0 = Date.now()
    core = await open()
    // Opening does not wait for the scan.
    expect(Date.now() - t0).toBeLessThan(3000)
    await until(async () => (await stateOf(added)) === 'done', 30_000, 'the added file analysed')
    await until(async () => (await stateOf(deleted)) === 'missing', 10_000, 'the deleted file missing')
    // The watcher's own check: a background import, which reports what it changed.
    await until(() => progress.at(-1)?.phase === 'done', 10_000, 'the start-up scan to end')
    expect(progress.at(-1)).toMatchObject({ background: true, analysed: 1, newlyMissing: 1 })
  })
})

describe('FolderWatcher on its own', () => {
  const dir = join(tmp.dir, 'solo')
  let lib: Library
  let watcher: FolderWatcher
  const updates: string[][] = []
  const scans: number[][] = []
  const logs: string[] = []
  let rootId = 0

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true })
    lib = Library.open(join(tmp.dir, 'solo.db'))
    rootId = lib.addRoot(dir).id
    watcher = new FolderWatcher({
      library: lib,
      importer: {
        scan: async (ids) => void scans.push(ids ?? []),
        update: async (_id, paths) => void updates.push(paths),
      },
      ignoreFiles: [join(dir, 'library.db')],
      ...WATCH,
      log: (m) => logs.push(m),
    })
    await watcher.setEnabled(true)
    await until(() => watcher.status().roots[0]?.state === 'watching', 10_000, 'watching')
  })
  afterAll(async () => {
    await watcher?.close()
    lib?.close()
  })

  it('scans every folder when it starts', () => {
    expect(scans[0]).toEqual([rootId])
  })

  it('ignores hidden, temporary, partial and non-audio files but cover images, and the database, and batches the rest', async () => {
    for (const name of [
      '.hidden.mp3',
      'song.mp3.part',
      'song.mp3.crdownload',
      'x.tmp',
      'backup.flac~',
      'notes.txt',
      'cover.jpg',
      'library.db',
      'library.db-wal',
    ])
      writeFileSync(join(dir, name), 'x')
    mkdirSync(join(dir, '.Trash'))
    writeFileSync(join(dir, '.Trash', 'old.mp3'), 'x')
    writeFileSync(join(dir, 'one.mp3'), 'x')
    writeFileSync(join(dir, 'two.flac'), 'x')
    await until(() => updates.flat().length >= 3, 10_000, 'the update')
    await sleep(1500)
    // A cover image is passed on too: the importer gives it to the folder's tracks.
    expect(updates.flat().sort()).toEqual([join(dir, 'cover.jpg'), join(dir, 'one.mp3'), join(dir, 'two.flac')])
    // One batch for all (they came within the quiet period).
    expect(updates).toHaveLength(1)
  })

  it('a watcher error is reported once: unreadable folders keep the rest watched, the inotify limit falls back to rescans', async () => {
    const fsw = watcher.fsWatcher(rootId)!
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: join(dir, 'locked') })
    fsw.emit('error', denied)
    fsw.emit('error', denied)
    expect(watcher.status().roots[0]).toMatchObject({ state: 'watching' })
    expect(watcher.status().roots[0]!.problem).toMatch(/locked is not readable by this user/)
    expect(logs.filter((m) => m.includes('EACCES'))).toHaveLength(1)

    const before = scans.length
    fsw.emit(
      'error',
      Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }),
    )
    await until(() => watcher.status().roots[0]?.state === 'polling', 5000, 'polling')
    expect(watcher.status().roots[0]!.problem).toMatch(/ENOSPC.*max_user_watches.*rescanned every/)
    expect(logs.filter((m) => m.includes('ENOSPC'))).toHaveLength(1)
    expect(watcher.fsWatcher(rootId)).toBeNull()
    // The closed watcher's late errors go nowhere (no uncaught 'error' event).
    fsw.emit('error', new Error('late'))
    await until(() => scans.length >= before + 2, 5000, 'periodic rescans')
    expect(scans.slice(before).every((ids) => ids.length === 1 && ids[0] === rootId)).toBe(true)
  })
})

describe('Library.markGone', () => {
  it('makes a path and everything under it missing, not its namesakes', () => {
    const lib = Library.open(join(tmp.dir, 'gone.db'))
    try {
      const r = lib.addRoot('/m')
      const g = lib.nextGeneration()
      const paths = ['/m/a', '/m/a/x.mp3', '/m/a/sub/y.mp3', '/m/ab/z.mp3', '/m/a0.mp3', '/m/b.mp3']
      lib.transaction(() => {
        for (const path of paths) lib.discover(r.id, { path, size: 1, mtimeMs: 1 }, g)
      })
      const id = (p: string) => lib.trackIdByPath(p)!
      const gone = lib.transaction(() => lib.markGone(r.id, '/m/a'))
      expect(gone.sort()).toEqual([id('/m/a'), id('/m/a/x.mp3'), id('/m/a/sub/y.mp3')].sort())
      expect(lib.trackFile(id('/m/ab/z.mp3'))!.state).not.toBe('missing')
      expect(lib.trackFile(id('/m/a/x.mp3'))!.state).toBe('missing')
      // Already missing: not reported again.
      expect(lib.transaction(() => lib.markGone(r.id, '/m/a/x.mp3'))).toEqual([])
    } finally {
      lib.close()
    }
  })
})
