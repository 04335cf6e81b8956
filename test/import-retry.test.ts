/**
 * A track whose worker crashed is tried once more in the same run before it is failed (issue 12, item 15).
 * Real worker processes: a wrapper around the built worker SIGKILLs itself on chosen files (once, or
 * every time), counting its attempts in files beside the music.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Importer } from '../src/main/core/importer'
import { Library } from '../src/main/core/library'
import { createNodeSpawner, resolveWorkerEntry } from '../src/main/core/node-spawner'
import { makeTempDir, sox } from './helpers/audio'
import { readTracks } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-retry-')
const music = join(tmp.dir, 'music')
const marks = join(tmp.dir, 'marks')
const wrapper = join(tmp.dir, 'crashing-worker.mjs')

beforeAll(() => {
  mkdirSync(music)
  mkdirSync(marks)
  for (const [name, freq] of [
    ['fine', 300],
    ['crash-once', 400],
    ['crash-always', 500],
  ] as const)
    sox('-n', '-r', '44100', '-c', '1', join(music, `${name}.wav`), 'synth', '1', 'sine', String(freq))
  // Registered before the real worker's listener, so it sees each job first.
  writeFileSync(
    wrapper,
    `import { appendFileSync, existsSync, writeFileSync } from 'node:fs'
process.on('message', (job) => {
  const name = String(job?.path ?? '').split('/').pop()
  if (!name?.startsWith('crash-')) return
  appendFileSync(${JSON.stringify(marks)} + '/' + name, 'x')
  const once = ${JSON.stringify(marks)} + '/' + name + '.crashed'
  if (name.startsWith('crash-once') && existsSync(once)) return
  writeFileSync(once, '')
  process.kill(process.pid, 'SIGKILL')
})
await import(${JSON.stringify(resolveWorkerEntry())})
`,
  )
})
afterAll(() => tmp.cleanup())

describe('a crashed worker', () => {
  it('gets its track retried once in the same run; a second crash fails it', async () => {
    const dbPath = join(tmp.dir, 'library.db')
    const lib = Library.open(dbPath)
    const importer = new Importer({ library: lib, spawner: createNodeSpawner(wrapper), workers: 1 })
    try {
      const summary = await importer.scan([lib.addRoot(music).id])
      expect(summary.error).toBeNull()
      expect(summary).toMatchObject({ analysed: 2, failed: 1 })
      expect(summary.failures.map((f) => [f.path, f.code])).toEqual([[join(music, 'crash-always.wav'), 'crashed']])
    } finally {
      await importer.close()
      lib.close()
    }
    const states = Object.fromEntries(readTracks(dbPath).map((t) => [t.path.split('/').pop(), t.state]))
    expect(states).toEqual({ 'crash-always.wav': 'failed', 'crash-once.wav': 'done', 'fine.wav': 'done' })
    // Two attempts each: the crash and the retry.
    expect(readFileSync(join(marks, 'crash-once.wav'), 'utf8')).toBe('xx')
    expect(readFileSync(join(marks, 'crash-always.wav'), 'utf8')).toBe('xx')
    expect(existsSync(join(marks, 'fine.wav'))).toBe(false)
  })
})

describe('a file that was gone when its turn came', () => {
  it('is imported by the next scan once it is back unchanged (same size and mtime)', async () => {
    const dir = join(tmp.dir, 'back')
    mkdirSync(dir)
    const file = join(dir, 'back.wav')
    sox('-n', '-r', '44100', '-c', '1', file, 'synth', '1', 'sine', '350')
    const lib = Library.open(join(tmp.dir, 'back.db'))
    const importer = new Importer({ library: lib, spawner: createNodeSpawner(), workers: 1 })
    try {
      const root = lib.addRoot(dir)
      // Walked, then moved away before its tags were read and it was analysed.
      const st = statSync(file)
      lib.transaction(() =>
        lib.discover(root.id, { path: file, size: st.size, mtimeMs: st.mtimeMs }, lib.nextGeneration()),
      )
      renameSync(file, `${file}.away`)
      expect((await importer.drain()).failures.map((f) => f.code)).toEqual(['not_found'])
      renameSync(`${file}.away`, file)
      const again = await importer.scan([root.id])
      expect(again).toMatchObject({ analysed: 1, failed: 0 })
    } finally {
      await importer.close()
      lib.close()
    }
    expect(readTracks(join(tmp.dir, 'back.db')).map((t) => t.state)).toEqual(['done'])
  })
})
