import { describe, expect, it } from 'vitest'
import { importProgress } from '../../../../test/helpers/import-progress'
import { formatDuration, formatEta, formatRate } from './format'
import { importDisplay, ProgressTracker, progressFraction } from './progress'

const p = importProgress

describe('progressFraction', () => {
  it('is indeterminate while discovering', () => {
    expect(progressFraction(p({ phase: 'discovering', found: 120 })).fraction).toBeNull()
  })

  it('counts analysed and failed over everything this import must analyse', () => {
    const v = progressFraction(
      p({ found: 100, skipped: 20, analysed: 30, failed: 10, pending: 38, current: ['a', 'b'] }),
    )
    expect(v.total).toBe(80)
    expect(v.completed).toBe(40)
    expect(v.fraction).toBeCloseTo(0.5)
  })

  it('never exceeds 1, even with inconsistent counts', () => {
    const v = progressFraction(p({ found: 10, analysed: 30, failed: 5, pending: 0 }))
    expect(v.fraction).toBeLessThanOrEqual(1)
    expect(progressFraction(p({ phase: 'done', found: 3, analysed: 9 })).fraction).toBe(1)
  })

  it('uses the pending queue when it is larger than found − skipped (work left from an earlier run)', () => {
    const v = progressFraction(p({ found: 10, analysed: 5, pending: 45 }))
    expect(v.total).toBe(50)
    expect(v.fraction).toBeCloseTo(0.1)
  })
})

describe('ProgressTracker', () => {
  it('never goes backwards within one import while more files are found', () => {
    const t = new ProgressTracker()
    const seen: number[] = []
    const steps = [
      p({ phase: 'discovering', found: 10, elapsedSec: 1 }),
      p({ phase: 'reading-tags', found: 10, tagged: 10, analysed: 5, pending: 5, elapsedSec: 2 }),
      p({ phase: 'reading-tags', found: 40, tagged: 20, analysed: 6, pending: 14, elapsedSec: 3 }),
      p({ phase: 'analysing', found: 40, tagged: 40, analysed: 20, pending: 20, elapsedSec: 4 }),
      p({ phase: 'analysing', found: 40, tagged: 40, analysed: 39, failed: 1, pending: 0, elapsedSec: 5 }),
      p({ phase: 'done', found: 40, tagged: 40, analysed: 39, failed: 1, elapsedSec: 5 }),
    ]
    for (const s of steps) {
      const f = t.update(s).fraction
      if (f != null) seen.push(f)
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number)
    expect(seen[0]).toBeCloseTo(0.5)
    expect(seen[1]).toBeCloseTo(0.5) // 6/40 would be a lie backwards: the bar waits
    expect(seen.at(-1)).toBe(1)
    for (const f of seen) expect(f).toBeLessThanOrEqual(1)
  })

  it('starts from zero again for the next import', () => {
    const t = new ProgressTracker()
    t.update(p({ phase: 'analysing', found: 10, analysed: 9, pending: 1, elapsedSec: 9 }))
    t.update(p({ phase: 'done', found: 10, analysed: 10, elapsedSec: 10 }))
    expect(t.update(p({ phase: 'discovering', found: 2, elapsedSec: 0 })).fraction).toBeNull()
    expect(
      t.update(p({ phase: 'analysing', found: 20, analysed: 2, pending: 18, elapsedSec: 1 })).fraction,
    ).toBeCloseTo(0.1)
  })
})

describe('formatting', () => {
  it('formats ETAs the way people read them', () => {
    expect(formatEta(null)).toBe('—')
    expect(formatEta(Number.NaN)).toBe('—')
    expect(formatEta(0.2)).toBe('a moment')
    expect(formatEta(42.3)).toBe('43 s')
    expect(formatEta(61)).toBe('2 min')
    expect(formatEta(3600)).toBe('1 h')
    expect(formatEta(3600 + 5 * 60)).toBe('1 h 05 min')
    expect(formatEta(26 * 3600 + 59)).toBe('26 h 01 min')
  })

  it('formats durations and rates', () => {
    expect(formatDuration(187.9)).toBe('3:07')
    expect(formatDuration(3723)).toBe('1:02:03')
    expect(formatDuration(null)).toBe('—')
    expect(formatRate(0)).toBe('—')
    expect(formatRate(3.456)).toBe('3.5')
    expect(formatRate(0.456)).toBe('0.46')
    expect(formatRate(23.6)).toBe('24')
  })
})

describe('importDisplay', () => {
  it('shows the panel while an import runs, dismissed or not', () => {
    expect(importDisplay(p({ phase: 'analysing', found: 3 }), false)).toBe('panel')
    expect(importDisplay(p({ phase: 'paused', found: 3 }), true)).toBe('panel')
    expect(importDisplay(p({ phase: 'discovering' }), false)).toBe('panel')
  })
  it('shows the summary of a finished import with a result until it is closed', () => {
    expect(importDisplay(p({ phase: 'done', found: 3, analysed: 3 }), false)).toBe('summary')
    expect(importDisplay(p({ phase: 'cancelled', found: 3, failed: 1 }), false)).toBe('summary')
    expect(importDisplay(p({ phase: 'done', found: 3, analysed: 3 }), true)).toBeNull()
  })
  it('shows nothing without a result, when idle, or after a watcher check that changed nothing', () => {
    expect(importDisplay(null, false)).toBeNull()
    expect(importDisplay(p({ phase: 'done' }), false)).toBeNull()
    expect(importDisplay(p({ phase: 'idle', found: 3 }), false)).toBeNull()
    expect(importDisplay(p({ phase: 'done', found: 60, skipped: 60, background: true }), false)).toBeNull()
    expect(importDisplay(p({ phase: 'done', found: 60, skipped: 60 }), false)).toBe('summary')
  })
})
