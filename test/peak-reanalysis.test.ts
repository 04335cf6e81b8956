/**
 * A library analysed by an older ANALYSIS_VERSION (before the sample peak was stored) is re-analysed when
 * the core opens it, with progress, and its tracks then carry peakDb. Real SQLite, real audio, real worker.
 */
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { openCore } from '../src/main/core/service'
import type { ImportProgress } from '../src/shared/api'
import { ANALYSIS_VERSION } from '../src/shared/dimensions'
import { makeTempDir } from './helpers/audio'
import { makeTone } from './helpers/library-fixtures'
import { addTrack, shiftedFingerprint } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-peak-')
afterAll(() => tmp.cleanup())

it('re-analyses fingerprints of an older version on open and stores the sample peak', async () => {
  const db = join(tmp.dir, 'library.db')
  const path = join(tmp.dir, 'music', 'tone.wav')
  const lib = Library.open(db)
  const root = lib.addRoot(join(tmp.dir, 'music'))
  const id = addTrack(lib, root.id, lib.nextGeneration(), { path, fingerprint: shiftedFingerprint(0) })
  // As an analysis of version 2 left it: no peak.
  lib.db.prepare('UPDATE fingerprints SET analysis_version = ?, peak_dbfs = NULL').run(ANALYSIS_VERSION - 1)
  expect(lib.countStale()).toBe(1)
  lib.close()
  makeTone(path, 440, 1) // the real audio the worker will read

  const core = await openCore({ dbPath: db, workers: 1 })
  const progress: ImportProgress[] = []
  core.on('import.progress', (p) => progress.push(p))
  try {
    const t0 = Date.now()
    for (;;) {
      const t = await core.api['tracks.get']({ id })
      if (t.state === 'done' && t.meta?.analysisVersion === ANALYSIS_VERSION) break
      if (Date.now() - t0 > 60_000) throw new Error(`not re-analysed: ${JSON.stringify(t.meta)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const row = (await core.api['tracks.query']({})).rows[0]!
    // makeTone writes a 0.4-gain sine + pink noise mix: the peak is below 0 dBFS and far above silence.
    expect(row.peakDb).toBeLessThan(0)
    expect(row.peakDb).toBeGreaterThan(-20)
    expect(progress.some((p) => p.phase === 'analysing')).toBe(true)
  } finally {
    await core.close()
  }
})
