import { describe, expect, it } from 'vitest'
import { median5, medianOf, Series } from './median'

const sorted = (v: number[]) => [...v].sort((x, y) => x - y)

describe('medians', () => {
  it('median5 equals the sorted middle value, ties included', () => {
    let s = 7
    const r = () => {
      s = (s * 1103515245 + 12345) % 2147483648
      return (s >> 16) % 6 // few distinct values → many ties
    }
    for (let trial = 0; trial < 20000; trial++) {
      const v5 = [r(), r(), r(), r(), r()]
      expect(median5(...(v5 as [number, number, number, number, number]))).toBe(sorted(v5)[2])
      const w5 = [Math.random(), Math.random() * 1e-3, Math.random() * 1e3, Math.random(), Math.random()]
      const m = sorted(w5)[2] as number
      expect(Math.abs(median5(...(w5 as [number, number, number, number, number])) - m)).toBeLessThan(1e-12 * 1e3)
    }
  })

  it('Series keeps values and takes medians of odd and even counts', () => {
    const s = new Series()
    expect(s.median(-1)).toBe(-1)
    for (let i = 0; i < 1001; i++) s.push((i * 37) % 1001)
    expect(s.median()).toBe(500)
    s.push(2000)
    expect(s.median()).toBe(500.5)
    expect(medianOf([3, 1, 2])).toBe(2)
  })
})
