/**
 * A file that becomes a named pipe after the walk listed it (issue 12, item 1). Opening a FIFO that has no
 * writer blocks, and the blocked opens used up libuv's thread pool: tags and hashes never came back, and every
 * other file operation of the process (the server's UI and audio) stalled with them. Real FIFOs (mkfifo), a
 * real library and real workers: the pipes are failed with a reason, everything else is imported, and file
 * operations of the process go on meanwhile.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, constants, openSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Importer } from '../src/main/core/importer'
import { Library } from '../src/main/core/library'
import { createNodeSpawner } from '../src/main/core/node-spawner'
import { makeTempDir, sox } from './helpers/audio'
import { readTracks } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-fifo-')
const music = join(tmp.dir, 'music')
const FILES = 12
const names = Array.from({ length: FILES }, (_, i) => `t${String(i).padStart(2, '0')}.wav`)
// More pipes than libuv has threads (4) and than the tag stage reads at once (8).
const pipes = names.filter((_, i) => i % 4 !== 0)

beforeAll(() => {
  execFileSync('mkdir', ['-p', music])
  for (const [i, n] of names.entries())
    sox('-n', '-r', '44100', '-c', '1', join(music, n), 'synth', '0.5', 'sine', String(200 + 40 * i))
})

/** Unblocks any open still waiting on a pipe (old code), so the test process can end either way. */
function releasePipes(): void {
  for (const n of pipes) {
    try {
      closeSync(openSync(join(music, n), constants.O_WRONLY | constants.O_NONBLOCK))
    } catch {}
  }
}
afterAll(() => {
  releasePipes()
  tmp.cleanup()
})

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  ])

describe('files swapped for named pipes after the walk', () => {
  it('are failed as "not a regular file" while the rest imports and file I/O goes on', async () => {
    const dbPath = join(tmp.dir, 'library.db')
    const lib = Library.open(dbPath)
    // The walk saw regular files...
    const root = lib.addRoot(music)
    const generation = lib.nextGeneration()
    lib.transaction(() => {
      for (const n of names) lib.discover(root.id, { path: join(music, n), size: 100_000, mtimeMs: 1 }, generation)
    })
    // ...which then became pipes.
    for (const n of pipes) {
      rmSync(join(music, n))
      execFileSync('mkfifo', [join(music, n)])
    }
    const importer = new Importer({ library: lib, spawner: createNodeSpawner(), workers: 1 })
    try {
      const run = importer.drain()
      // The process's other file operations are not starved meanwhile.
      const other = await within(readFile(join(music, names[0]!)), 10_000, 'a file read during the import')
      expect(other.length).toBeGreaterThan(44)
      const summary = await within(run, 60_000, 'the import')
      expect(summary.error).toBeNull()
      expect(summary).toMatchObject({ analysed: FILES - pipes.length, failed: pipes.length })
      for (const f of summary.failures) {
        expect(f.code).toBe('unreadable')
        expect(f.error).toMatch(/not a regular file \(a named pipe\)/)
      }
      expect(summary.failures.map((f) => f.path).sort()).toEqual(pipes.map((n) => join(music, n)))
    } finally {
      releasePipes()
      await within(importer.close(), 30_000, 'closing the importer').catch(() => {})
      lib.close()
    }
    const states = readTracks(dbPath).map((t) => t.state)
    expect(states.filter((s) => s === 'done').length).toBe(FILES - pipes.length)
    expect(states.filter((s) => s === 'failed').length).toBe(pipes.length)
  }, 120_000)
})
