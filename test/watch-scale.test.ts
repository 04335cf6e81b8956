/**
 * The folder watcher on a big tree (#11: calm with 100 000 tracks): real chokidar over FILES tiny audio-named
 * files in FILES/10 folders (default 2 000; `SOUNDPRINT_WATCH_FILES=20000` for the figure in the README).
 * Prints the time until every folder is watched, the RSS it added, the inotify watches it holds, the CPU
 * it spends while nothing changes, and how long a new file deep in the tree takes to reach the importer.
 * The importer is a recorder: this measures the watcher, not the analysis.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { FolderWatcher } from '../src/main/core/watcher'
import { makeTempDir } from './helpers/audio'

const FILES = Number(process.env.SOUNDPRINT_WATCH_FILES ?? 2000)
const FOLDERS = Math.max(1, Math.round(FILES / 10))

const tmp = makeTempDir('soundprint-watch-scale-')
const root = join(tmp.dir, 'music')
let lib: Library
let watcher: FolderWatcher | null = null
const updates: { at: number; paths: string[] }[] = []

/** inotify watches this process holds (every inotify descriptor's `inotify wd:` lines). */
function inotifyWatches(): number {
  let n = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:inotify') continue
      n += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length
    } catch {
      // closed meanwhile
    }
  }
  return n
}

const mb = (b: number) => Math.round(b / 1e5) / 10

beforeAll(() => {
  // Artist/Album folders, ten tiny "tracks" each (the watcher never reads them).
  for (let f = 0; f < FOLDERS; f++) {
    const dir = join(root, `Artist ${Math.floor(f / 10)}`, `Album ${f % 10}`)
    mkdirSync(dir, { recursive: true })
    for (let t = 0; t < 10; t++) writeFileSync(join(dir, `${String(t + 1).padStart(2, '0')} Track.mp3`), 'x')
  }
  lib = Library.open(join(tmp.dir, 'library.db'))
  lib.addRoot(root)
})

afterAll(async () => {
  await watcher?.close()
  lib?.close()
  tmp.cleanup()
})

describe(`the watcher over ${FILES} files in ${FOLDERS} album folders`, () => {
  it('starts, stays idle while nothing changes, and passes on a new file within seconds', async () => {
    ;(globalThis as { gc?: () => void }).gc?.()
    const rss0 = process.memoryUsage().rss
    const heap0 = process.memoryUsage().heapUsed
    const watches0 = inotifyWatches()
    const t0 = performance.now()
    watcher = new FolderWatcher({
      library: lib,
      importer: { scan: async () => {}, update: async (_id, paths) => void updates.push({ at: Date.now(), paths }) },
      log: () => {},
    })
    await watcher.setEnabled(true)
    const returnedMs = performance.now() - t0
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (watcher!.status().roots[0]?.state === 'watching') {
          clearInterval(t)
          resolve()
        } else if (performance.now() - t0 > 120_000) {
          clearInterval(t)
          reject(new Error('not watching after 120 s'))
        }
      }, 20)
    })
    const readyMs = performance.now() - t0
    const rssPeak = process.memoryUsage().rss
    // What stays (with --expose-gc, e.g. NODE_OPTIONS=--expose-gc): the start-up's garbage collected first.
    ;(globalThis as { gc?: () => void }).gc?.()
    const rss1 = process.memoryUsage().rss
    const heap1 = process.memoryUsage().heapUsed
    const watches = inotifyWatches() - watches0

    const cpu0 = process.cpuUsage()
    await new Promise((r) => setTimeout(r, 5000))
    const cpu = process.cpuUsage(cpu0)
    const idleCpuMs = (cpu.user + cpu.system) / 1000

    const deep = join(root, `Artist ${Math.floor((FOLDERS - 1) / 10)}`, `Album ${(FOLDERS - 1) % 10}`, 'new.flac')
    const t1 = Date.now()
    writeFileSync(deep, 'x')
    while (!updates.some((u) => u.paths.includes(deep)) && Date.now() - t1 < 30_000)
      await new Promise((r) => setTimeout(r, 20))
    const latencyMs = (updates.find((u) => u.paths.includes(deep))?.at ?? Number.NaN) - t1

    console.log(
      `watch-scale: ${FILES} files, ${FOLDERS + Math.ceil(FOLDERS / 10) + 1} folders: setEnabled returned in ${Math.round(returnedMs)} ms, ` +
        `watching after ${Math.round(readyMs)} ms, RSS +${mb(rssPeak - rss0)} MB when ready, ` +
        `+${mb(rss1 - rss0)} MB after ${'gc' in globalThis ? 'a' : 'no'} GC (${mb(rss1)} MB in all; JS heap +${mb(heap1 - heap0)} MB), ` +
        `${watches} inotify watches, ${Math.round(idleCpuMs)} ms CPU in 5 s idle, new file passed on after ${latencyMs} ms`,
    )
    // Start-up does not wait for the tree (chokidar reads it in the background).
    expect(returnedMs).toBeLessThan(1000)
    // One watch per folder, none per file.
    expect(watches).toBeGreaterThanOrEqual(FOLDERS)
    expect(watches).toBeLessThan(FOLDERS * 1.2 + 20)
    // No polling: idle means idle.
    expect(idleCpuMs).toBeLessThan(250)
    // Stable (1.5 s) + quiet (1 s), with room for a loaded machine.
    expect(latencyMs).toBeLessThan(8000)
    expect(updates.flatMap((u) => u.paths)).toEqual([deep])
  }, 300_000)
})
