import { describe, expect, it } from 'vitest'
import { cursorAfterKey } from './gridKeys'

describe('cursorAfterKey', () => {
  it('moves by one, by a page and to the ends, clamped', () => {
    expect(cursorAfterKey('ArrowDown', -1, 10, 4)).toBe(0)
    expect(cursorAfterKey('ArrowUp', -1, 10, 4)).toBe(0)
    expect(cursorAfterKey('ArrowDown', 9, 10, 4)).toBe(9)
    expect(cursorAfterKey('ArrowUp', 0, 10, 4)).toBe(0)
    expect(cursorAfterKey('PageDown', 3, 10, 4)).toBe(7)
    expect(cursorAfterKey('PageDown', 8, 10, 4)).toBe(9)
    expect(cursorAfterKey('PageUp', 2, 10, 4)).toBe(0)
    expect(cursorAfterKey('Home', 5, 10, 4)).toBe(0)
    expect(cursorAfterKey('End', 5, 10, 4)).toBe(9)
  })
  it('ignores other keys and empty lists', () => {
    expect(cursorAfterKey('a', 3, 10, 4)).toBeNull()
    expect(cursorAfterKey('ArrowDown', -1, 0, 4)).toBeNull()
  })
})
