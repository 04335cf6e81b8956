/**
 * `soundprint eval` end to end: a real library scanned by the built CLI from audio made by sox, two
 * folders of clearly different sound (tones vs noise) and one folder with a single track.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, soxSynth } from './helpers/audio'
import { makeTone, runCli } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-eval-')
const root = join(tmp.dir, 'music')
const db = join(tmp.dir, 'library.db')

beforeAll(() => {
  for (const d of ['tones', 'noise', 'solo']) mkdirSync(join(root, d), { recursive: true })
  for (const [i, f] of [330, 440, 550].entries())
    soxSynth(join(root, 'tones', `t${i}.wav`), 4, ['sine', String(f), 'vol', '0.5'])
  for (const [i, colour] of ['whitenoise', 'pinknoise', 'brownnoise'].entries())
    soxSynth(join(root, 'noise', `n${i}.wav`), 4, [colour, 'vol', '0.5'])
  makeTone(join(root, 'solo', 'only.wav'), 880, 4)
  const scan = runCli(['scan', '--db', db, '--workers', '1', '--json', root])
  expect(scan.status, scan.stderr).toBe(0)
}, 300_000)
afterAll(() => tmp.cleanup())

describe('soundprint eval', () => {
  it('reports leave-one-out figures by folder beside chance, skipping labels with one track', () => {
    const r = runCli(['eval', '--db', db, '-k', '2', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ by: 'folder', k: 2, tracks: 7, queries: 6, skippedQueries: 1, skippedLabels: 1 })
    expect(report.labels).toBe(2)
    // Tones find tones and noise finds noise.
    expect(report.figures.precisionAtK).toBeGreaterThanOrEqual(0.8)
    expect(report.figures.nnAccuracy).toBe(1)
    expect(report.chance.precisionAtK).toBeLessThan(report.figures.precisionAtK - 0.3)
    expect(report.perLabel.map((l: { label: string }) => l.label)).toEqual(['noise', 'tones'])
    for (const key of ['skewness', 'neverShare', 'maxCount']) expect(report.figures.hubness).toHaveProperty(key)
  })

  it('prints a table, and takes labels from a TSV file', () => {
    const table = runCli(['eval', '--db', db, '-k', '2'])
    expect(table.status, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/precision@2\s+[01]\.\d{3}\s+0\.\d{3}/)
    expect(table.stdout).toContain('1 label with fewer than 2 tracks')
    const tsv = join(tmp.dir, 'labels.tsv')
    // Relative paths resolve against the file's folder; one track left without a label.
    writeFileSync(
      tsv,
      '# path\tlabel\nmusic/tones/t0.wav\tA\nmusic/tones/t1.wav\tA\nmusic/noise/n0.wav\tB\nmusic/noise/n1.wav\tB\n',
    )
    const r = runCli(['eval', '--db', db, '--by', `labels=${tsv}`, '-k', '1', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ tracks: 4, unlabelled: 3, queries: 4, skippedQueries: 0 })
    expect(report.figures.precisionAtK).toBe(1)
  })

  it('rejects bad arguments with exit 2 and an empty library with exit 1', () => {
    expect(runCli(['eval', '--db', db, '--by', 'mood']).status).toBe(2)
    expect(runCli(['eval', '--db', db, '-k', '0']).status).toBe(2)
    const r = runCli(['eval', '--db', db, '--by', 'album'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('need at least 2')
  })
})
