/**
 * What the listening features add to the sonic map: a sonic path as a line through its tracks (A and
 * B marked at its ends) and the playing track as a ring. Points come in canvas pixels.
 */
export interface OverlayColors {
  accent: string
  text: string
  surface: string
  ok: string
}

export function drawPathLine(
  ctx: CanvasRenderingContext2D,
  points: readonly (readonly [number, number])[],
  c: OverlayColors,
  dpr: number,
): void {
  if (points.length < 2) return
  const line = (stroke: string, width: number) => {
    ctx.beginPath()
    for (const [i, [x, y]] of points.entries()) {
      if (i === 0) ctx.moveTo(x, y)
      else ctx.lineTo(x, y)
    }
    ctx.lineWidth = width * dpr
    ctx.lineJoin = 'round'
    ctx.lineCap = 'round'
    ctx.strokeStyle = stroke
    ctx.stroke()
  }
  line(c.surface, 6)
  line(c.accent, 3)
  for (const [i, [x, y]] of points.entries()) {
    const end = i === 0 || i === points.length - 1
    ctx.beginPath()
    ctx.arc(x, y, (end ? 9 : 4.5) * dpr, 0, Math.PI * 2)
    ctx.fillStyle = end ? c.accent : c.surface
    ctx.fill()
    ctx.lineWidth = 2 * dpr
    ctx.strokeStyle = c.accent
    ctx.stroke()
    if (end) {
      ctx.fillStyle = c.surface
      ctx.font = `700 ${11 * dpr}px system-ui, sans-serif`
      ctx.textAlign = 'center'
      ctx.textBaseline = 'middle'
      ctx.fillText(i === 0 ? 'A' : 'B', x, y + 0.5 * dpr)
    }
  }
}

export function drawPlayingRing(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  c: OverlayColors,
  dpr: number,
): void {
  for (const [r, stroke, w] of [
    [13, c.surface, 5],
    [13, c.ok, 3],
  ] as const) {
    ctx.beginPath()
    ctx.arc(x, y, r * dpr, 0, Math.PI * 2)
    ctx.lineWidth = w * dpr
    ctx.strokeStyle = stroke
    ctx.stroke()
  }
}
