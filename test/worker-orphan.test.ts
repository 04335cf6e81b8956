/**
 * A worker notices that its parent is gone within a second, even in the middle of decoding a long file
 * (issue 12, item 10: a worker outlived a SIGKILLed `scan` by 35.8 s with a 3-hour file). Real processes:
 * `soundprint scan` analysing a 3-hour MP3 decoded in process (one synchronous loop, where no IPC event
 * is delivered), SIGKILLed; its worker must be gone shortly after.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLibav } from '../src/dsp-worker/decoders/libav'
import { ffmpeg, makeTempDir } from './helpers/audio'
import { BIN } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-orphan-')
const music = join(tmp.dir, 'music')
const HOURS = 3

beforeAll(() => {
  mkdirSync(music)
  // MPEG audio frames concatenate: 10 s encoded once, repeated to 3 hours (no Xing header to contradict it).
  const clip = join(tmp.dir, 'clip.mp3')
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=22050:duration=10',
    '-ac',
    '1',
    '-b:a',
    '32k',
    '-write_xing',
    '0',
    '-id3v2_version',
    '0',
    clip,
  )
  const bytes = readFileSync(clip)
  writeFileSync(join(music, 'three-hours.mp3'), Buffer.concat(Array.from({ length: HOURS * 360 }, () => bytes)))
})
afterAll(() => tmp.cleanup())

const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Alive and not a zombie waiting to be reaped. */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(!loadLibav() || !existsSync('/proc/self/task'))('a worker whose scan was SIGKILLed', () => {
  it('exits within a second or two, even mid-decode of a 3-hour file', async () => {
    const scan = spawn(
      process.execPath,
      [BIN, 'scan', '--db', join(tmp.dir, 'lib.db'), '--workers', '1', '--json', music],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    try {
      // Wait until the worker is analysing the file, then a little more so that it is deep in the decode loop.
      let worker = 0
      let analysing = false
      scan.stdout.setEncoding('utf8')
      scan.stdout.on('data', (s: string) => {
        if (s.includes('"current":["')) analysing = true
      })
      for (let i = 0; i < 600 && (!analysing || !worker); i++) {
        await sleep(100)
        worker =
          childrenOf(scan.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker')) ?? 0
      }
      expect(worker, 'the scan started a worker and began analysing').toBeGreaterThan(0)
      expect(analysing).toBe(true)
      await sleep(1500)
      expect(alive(worker), 'the worker is still analysing the 3-hour file').toBe(true)

      scan.kill('SIGKILL')
      const killedAt = Date.now()
      while (alive(worker) && Date.now() - killedAt < 20_000) await sleep(50)
      const lived = Date.now() - killedAt
      if (alive(worker)) process.kill(worker, 'SIGKILL')
      // A second in the worker, plus slack for a loaded machine; before the fix it lived on for the whole file.
      expect(lived).toBeLessThan(4000)
    } finally {
      scan.kill('SIGKILL')
    }
  }, 120_000)
})
