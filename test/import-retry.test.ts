/**
 * A track whose worker crashed is tried once more in the same run before it is failed (issue 12, item 15).
 * Real worker processes: a wrapper around the built worker SIGKILLs itself on chosen files (once, or
 * every time), counting its attempts in files beside the music.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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
