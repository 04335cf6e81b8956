import { describe, expect, it } from 'vitest'
import { wheelNotches, wheelZoomFactor, ZOOM_STEP } from './wheel'

describe('wheel zoom', () => {
  it('zooms one step per wheel notch, however the browser reports it', () => {
    // Chromium (100 or 120 px, 53 px on some Linux builds), Firefox (3 lines), a page.
    for (const e of [
      { deltaY: 100, deltaMode: 0 },
      { deltaY: 120, deltaMode: 0 },
      { deltaY: 53, deltaMode: 0 },
      { deltaY: 3, deltaMode: 1 },
      { deltaY: 1, deltaMode: 2 },
      { deltaY: 480, deltaMode: 0 },
    ])
      expect(wheelZoomFactor(e)).toBeCloseTo(1 / ZOOM_STEP, 10)
    expect(wheelZoomFactor({ deltaY: -100, deltaMode: 0 })).toBeCloseTo(ZOOM_STEP, 10)
    // A moderate step: 10–20 % per notch.
    expect(ZOOM_STEP).toBeGreaterThanOrEqual(1.1)
    expect(ZOOM_STEP).toBeLessThanOrEqual(1.2)
  })

  it('follows a trackpad in proportion and a pinch a little faster, never more than a notch per event', () => {
    expect(wheelNotches({ deltaY: 4, deltaMode: 0 })).toBeCloseTo(0.04)
    expect(wheelNotches({ deltaY: -10, deltaMode: 0 })).toBeCloseTo(-0.1)
    // 25 small events of 4 px zoom as much as one notch.
    const f = wheelZoomFactor({ deltaY: 4, deltaMode: 0 }) ** 25
    expect(f).toBeCloseTo(1 / ZOOM_STEP, 10)
    expect(wheelNotches({ deltaY: 5, deltaMode: 0, ctrlKey: true })).toBeCloseTo(0.2)
    expect(wheelNotches({ deltaY: 300, deltaMode: 0, ctrlKey: true })).toBe(1)
    expect(wheelNotches({ deltaY: 0, deltaMode: 0 })).toBe(0)
    expect(wheelNotches({ deltaY: Number.NaN, deltaMode: 0 })).toBe(0)
  })
})
