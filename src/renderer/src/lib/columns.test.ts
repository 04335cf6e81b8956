import { describe, expect, it } from 'vitest'
import { COLUMNS, DEFAULT_SHOWN, failedRowCells, gridTemplate, isShownList, visibleColumns } from './columns'

describe('library table columns', () => {
  it('always shows title and state, in table order, and builds the grid from the shown ones', () => {
    const cols = visibleColumns(['year', 'trackNo'])
    expect(cols.map((c) => c.id)).toEqual(['trackNo', 'title', 'year', 'state'])
    expect(gridTemplate(cols).split(' ').length).toBeGreaterThanOrEqual(4)
    expect(visibleColumns(DEFAULT_SHOWN).map((c) => c.id)).toEqual([
      'title',
      'artist',
      'album',
      'durationSec',
      'tempoBpm',
      'lufs',
      'state',
    ])
  })

  it('puts a failed row’s reason across the analysis columns, leaving the album where it is', () => {
    const cells = failedRowCells(visibleColumns(DEFAULT_SHOWN))
    expect(cells.map((c) => (c.kind === 'reason' ? `reason×${c.span}` : c.col.id))).toEqual([
      'title',
      'artist',
      'album',
      'reason×3',
      'state',
    ])
    // No analysis column shown: no reason cell (the badge's tooltip says why).
    expect(failedRowCells(visibleColumns(['album'])).some((c) => c.kind === 'reason')).toBe(false)
  })

  it('accepts only known column lists from storage', () => {
    expect(isShownList(['year', 'genre'])).toBe(true)
    expect(isShownList(['year', 'bogus'])).toBe(false)
    expect(isShownList('year')).toBe(false)
    expect(COLUMNS.filter((c) => !c.optional).map((c) => c.id)).toEqual(['title', 'state'])
  })
})
