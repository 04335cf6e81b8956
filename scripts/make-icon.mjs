// Draws the app icon (resources/icon.png, 1024×1024): a 25-axis radar "sonic fingerprint" on a dark
// rounded square, coloured by the seven groups. electron-builder derives .ico/.icns from it.
// Re-run after changing the design: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const S = 1024
const SS = 3 // supersampling per axis
const groups = [
  ['#e4572e', 7],
  ['#f3a712', 3],
  ['#a8c256', 4],
  ['#29bf12', 3],
  ['#17bebb', 3],
  ['#4c6ef5', 3],
  ['#b15ee6', 2],
]
const axisColor = []
for (const [c, n] of groups) for (let i = 0; i < n; i++) axisColor.push(c)
const radii = [
  0.72, 0.9, 0.8, 0.62, 0.5, 0.42, 0.55, 0.85, 0.6, 0.7, 0.78, 0.66, 0.5, 0.35, 0.58, 0.74, 0.62, 0.88, 0.8, 0.7, 0.52,
  0.64, 0.76, 0.68, 0.6,
]
const hex = (c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16))
const N = 25
const R = S * 0.4
const cx = S / 2
const cy = S / 2

function radarRadius(angle) {
  // piecewise-linear polygon through the 25 points
  const a = (angle + Math.PI * 2) % (Math.PI * 2)
  const step = (Math.PI * 2) / N
  const i = Math.floor(a / step)
  const t = (a - i * step) / step
  const r0 = radii[i % N]
  const r1 = radii[(i + 1) % N]
  // interpolate along the straight edge between the two vertices
  const x0 = r0,
    y0 = 0
  const x1 = r1 * Math.cos(step),
    y1 = r1 * Math.sin(step)
  const ang = t * step
  // ray at angle `ang` from origin intersecting segment (x0,y0)-(x1,y1)
  const dx = x1 - x0,
    dy = y1 - y0
  const c = Math.cos(ang),
    s = Math.sin(ang)
  const denom = c * dy - s * dx
  const u = (x0 * dy - y0 * dx) / denom
  return { r: u * R, axis: t < 0.5 ? i % N : (i + 1) % N }
}

function sample(x, y) {
  // rounded square background
  const m = S * 0.06,
    rad = S * 0.2
  const qx = Math.max(Math.abs(x - cx) - (S / 2 - m - rad), 0)
  const qy = Math.max(Math.abs(y - cy) - (S / 2 - m - rad), 0)
  if (Math.hypot(qx, qy) > rad) return [0, 0, 0, 0]
  let col = [22, 23, 29]
  const dx = x - cx,
    dy = y - cy
  const d = Math.hypot(dx, dy)
  const angle = Math.atan2(dy, dx) + Math.PI / 2
  // rings
  for (const f of [0.33, 0.66, 1]) if (Math.abs(d - R * f) < 2.5) col = [60, 62, 75]
  const { r, axis } = radarRadius(angle)
  if (d < r) {
    const c = hex(axisColor[axis])
    const k = 0.55 + 0.45 * (d / r)
    col = c.map((v) => Math.round(v * k))
  }
  if (Math.abs(d - r) < 5) col = [240, 240, 245]
  return [...col, 255]
}

const raw = Buffer.alloc(S * (S * 4 + 1))
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0
  for (let x = 0; x < S; x++) {
    const acc = [0, 0, 0, 0]
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const p = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)
        for (let k = 0; k < 3; k++) acc[k] += p[k] * p[3]
        acc[3] += p[3]
      }
    const o = y * (S * 4 + 1) + 1 + x * 4
    const a = acc[3]
    for (let k = 0; k < 3; k++) raw[o + k] = a ? Math.round(acc[k] / a) : 0
    raw[o + 3] = Math.round(a / (SS * SS))
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const c = Buffer.alloc(4)
  c.writeUInt32BE(crc(td))
  return Buffer.concat([len, td, c])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(S, 0)
ihdr.writeUInt32BE(S, 4)
ihdr[8] = 8
ihdr[9] = 6
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync(new URL('../resources/icon.png', import.meta.url), png)
console.log(`resources/icon.png: ${png.length} bytes`)
