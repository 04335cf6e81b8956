import { describe, expect, it } from 'vitest'
import { fitView, rasterise, toData, toScreen, zoomAt } from './mapView'

describe('sonic map view', () => {
  const xs = new Float32Array([-1, 1, 0])
  const ys = new Float32Array([-2, 2, 0])

  it('fits every point inside the canvas with a margin', () => {
    const v = fitView(xs, ys, 400, 200)
    for (let i = 0; i < 3; i++) {
      const [px, py] = toScreen(v, 400, 200, xs[i]!, ys[i]!)
      expect(px).toBeGreaterThanOrEqual(0)
      expect(px).toBeLessThanOrEqual(400)
      expect(py).toBeGreaterThanOrEqual(0)
      expect(py).toBeLessThanOrEqual(200)
    }
    // y grows upwards on screen.
    expect(toScreen(v, 400, 200, 0, 2)[1]).toBeLessThan(toScreen(v, 400, 200, 0, -2)[1])
  })

  it('keeps a top inset free for what floats over the map', () => {
    const v = fitView(xs, ys, 400, 300, 0.06, 100)
    for (let i = 0; i < 3; i++) {
      const [, py] = toScreen(v, 400, 300, xs[i]!, ys[i]!)
      expect(py).toBeGreaterThanOrEqual(100)
      expect(py).toBeLessThanOrEqual(300)
    }
    // The data's centre sits in the middle of the free area.
    expect(toScreen(v, 400, 300, 0, 0)[1]).toBeCloseTo(200)
  })

  it('round-trips screen and data coordinates and zooms around the cursor', () => {
    const v = { cx: 3, cy: -1, scale: 50 }
    const [x, y] = toData(v, 300, 200, 40, 170)
    expect(toScreen(v, 300, 200, x, y)).toEqual([expect.closeTo(40), expect.closeTo(170)])
    const z = zoomAt(v, 300, 200, 40, 170, 3)
    expect(z.scale).toBe(150)
    const [x2, y2] = toData(z, 300, 200, 40, 170)
    expect(x2).toBeCloseTo(x)
    expect(y2).toBeCloseTo(y)
  })

  it('rasterises points as coloured squares and skips those off-canvas', () => {
    const w = 20
    const h = 10
    const buf = new Uint32Array(w * h)
    const lut = new Uint32Array(256).map((_, i) => 0xff000000 | i)
    const v = { cx: 0, cy: 0, scale: 1 }
    const px = new Float32Array([0, 100, -10.4])
    const py = new Float32Array([0, 0, 5.4])
    const drawn = rasterise(buf, w, h, v, px, py, new Uint8Array([255, 128, 0]), lut, 2)
    expect(drawn).toBe(2)
    // Centre point: a 2×2 square at (9..10, 4..5) with colour 255.
    expect(buf[4 * w + 9]! & 0xff).toBe(255)
    expect(buf[5 * w + 10]! & 0xff).toBe(255)
    expect(buf.filter((c) => c !== 0).length).toBe(4 + 1) // the corner point is clipped to 1 pixel
  })

  it('with a mask, draws only the points it asks for (a selection over the dimmed rest)', () => {
    const w = 20
    const h = 10
    const v = { cx: 0, cy: 0, scale: 1 }
    const px = new Float32Array([-5, 5])
    const py = new Float32Array([0, 0])
    const shade = new Uint8Array([1, 2])
    const lut = new Uint32Array(256).map((_, i) => 0xff000000 | i)
    const dim = new Uint32Array(256).map((_, i) => 0x10000000 | i)
    const mask = new Uint8Array([0, 1])
    const buf = new Uint32Array(w * h)
    expect(rasterise(buf, w, h, v, px, py, shade, dim, 1, mask, 0)).toBe(1)
    expect(rasterise(buf, w, h, v, px, py, shade, lut, 1, mask, 1)).toBe(1)
    expect(buf[5 * w + 5]).toBe(0x10000001)
    expect(buf[5 * w + 15]).toBe(0xff000002)
  })
})
