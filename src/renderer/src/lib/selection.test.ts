import { describe, expect, it } from 'vitest'
import { extendTo, isSelected, normalise, rangePages, selectionSize, toggleRow } from './selection'

describe('row selection', () => {
  it('merges overlapping and adjacent ranges', () => {
    expect(
      normalise([
        { first: 5, last: 7 },
        { first: 0, last: 1 },
        { first: 2, last: 2 },
        { first: 6, last: 9 },
      ]),
    ).toEqual([
      { first: 0, last: 2 },
      { first: 5, last: 9 },
    ])
  })

  it('toggles a row in and out, splitting a range', () => {
    let sel = toggleRow([], 4)
    sel = toggleRow(sel, 5)
    sel = toggleRow(sel, 6)
    expect(sel).toEqual([{ first: 4, last: 6 }])
    sel = toggleRow(sel, 5)
    expect(sel).toEqual([
      { first: 4, last: 4 },
      { first: 6, last: 6 },
    ])
    expect(isSelected(sel, 5)).toBe(false)
    expect(isSelected(sel, 6)).toBe(true)
    expect(selectionSize(sel)).toBe(2)
  })

  it('extends from the anchor in either direction, replacing or adding', () => {
    expect(extendTo([{ first: 0, last: 0 }], 10, 3)).toEqual([{ first: 3, last: 10 }])
    expect(extendTo([{ first: 0, last: 0 }], 10, 3, true)).toEqual([
      { first: 0, last: 0 },
      { first: 3, last: 10 },
    ])
  })

  it('selects 100 000 rows as one range and finds rows by binary search', () => {
    const sel = extendTo([], 0, 99_999)
    expect(sel).toHaveLength(1)
    expect(selectionSize(sel)).toBe(100_000)
    const many = Array.from({ length: 1000 }, (_, i) => ({ first: i * 10, last: i * 10 + 2 }))
    expect(isSelected(many, 5552)).toBe(true)
    expect(isSelected(many, 5553)).toBe(false)
  })

  it('turns a selection into page requests in row order, capped', () => {
    const sel = [
      { first: 3, last: 5 },
      { first: 10, last: 460 },
    ]
    expect(rangePages(sel, 200, 10_000)).toEqual([
      { offset: 3, limit: 3 },
      { offset: 10, limit: 200 },
      { offset: 210, limit: 200 },
      { offset: 410, limit: 51 },
    ])
    expect(rangePages(sel, 200, 100)).toEqual([
      { offset: 3, limit: 3 },
      { offset: 10, limit: 97 },
    ])
  })
})
