/**
 * The sonic map: every fingerprinted track as a point of a 2-D projection, coloured by a chosen
 * dimension or group. Drawn on a canvas through ImageData (see lib/mapView); redrawn on pan/zoom in
 * requestAnimationFrame; hover names the track (grid-indexed hit test), click opens it, and the last
 * opened track and its similar tracks are ringed.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { DIMENSION_BY_KEY, DIMENSIONS, GROUPS } from '../../../shared/dimensions'
import { rampCss, rampLut } from '../lib/colormap'
import { formatCount } from '../lib/format'
import { fitView, rasterise, toData, toScreen, type View, zoomAt } from '../lib/mapView'
import { nearest } from '../lib/spatialGrid'
import { useDetails } from '../stores/details'
import { type ColorBy, isColorBy, type MapData, useMap } from '../stores/map'
import { openTrack, useNav } from '../stores/nav'
import { usePath } from '../stores/path'
import { usePlayer } from '../stores/player'
import { useSimilar } from '../stores/similar'
import { TID } from '../testids'
import { drawPathLine, drawPlayingRing } from './player/mapOverlay'

const LUT = rampLut(235)
const HIT_RADIUS_PX = 8
/** Up to this many points are drawn as canvas circles; beyond, through ImageData. */
const SMALL_MAP = 5000

function colorByLabel(c: ColorBy): string {
  const g = GROUPS.find((x) => x.key === c)
  return g ? `${g.label} (group)` : (DIMENSION_BY_KEY[c as keyof typeof DIMENSION_BY_KEY]?.label ?? c)
}

export function SonicMapScreen() {
  const data = useMap((s) => s.data)
  const loading = useMap((s) => s.loading)
  const error = useMap((s) => s.error)
  const stale = useMap((s) => s.stale)
  const colorBy = useMap((s) => s.colorBy)

  useEffect(() => {
    const s = useMap.getState()
    if (!s.data || s.stale) void s.load()
  }, [])

  return (
    <section className="screen map" aria-label="Sonic map">
      <div className="toolbar">
        <label htmlFor="color-by">Colour by</label>
        <select
          id="color-by"
          value={colorBy}
          onChange={(e) => {
            if (isColorBy(e.target.value)) void useMap.getState().load(e.target.value)
          }}
        >
          <optgroup label="Groups">
            {GROUPS.map((g) => (
              <option key={g.key} value={g.key}>
                {g.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Dimensions">
            {DIMENSIONS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </optgroup>
        </select>
        <Legend colorBy={colorBy} />
        {data && (
          <span className="muted small">
            {formatCount(data.ids.length)} tracks · axes explain{' '}
            {Math.round((data.explained[0] + data.explained[1]) * 100)} % of the variation
          </span>
        )}
        {stale && !loading && (
          <button type="button" onClick={() => useMap.getState().load()}>
            Update map
          </button>
        )}
        {loading && <span className="muted small">Loading…</span>}
      </div>
      {error ? (
        <div className="state-message error" role="alert">
          <h2>Could not draw the map</h2>
          <p>{error}</p>
          <button type="button" className="primary" onClick={() => useMap.getState().load()}>
            Try again
          </button>
        </div>
      ) : data && data.ids.length === 0 ? (
        <div className="state-message">
          <h2>No fingerprints yet</h2>
          <p>The map places every analysed track by how it sounds. Add a music folder and wait for the analysis.</p>
        </div>
      ) : data ? (
        <MapCanvas data={data} />
      ) : (
        <div className="state-message">
          <p className="muted">Loading the map…</p>
        </div>
      )}
    </section>
  )
}

function Legend({ colorBy }: { colorBy: ColorBy }) {
  const stops = Array.from({ length: 9 }, (_, i) => `${rampCss(i / 8)} ${(i / 8) * 100}%`).join(', ')
  return (
    <span className="map-legend" role="img" aria-label={`Colour scale: ${colorByLabel(colorBy)}, low to high`}>
      <span className="muted small">low</span>
      <span className="ramp" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <span className="muted small">high</span>
    </span>
  )
}

function MapCanvas({ data }: { data: MapData }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const wrap = useRef<HTMLDivElement>(null)
  const view = useRef<View | null>(null)
  const size = useRef({ w: 0, h: 0, dpr: 1 })
  const image = useRef<ImageData | null>(null)
  const frame = useRef(0)
  const hoverIdx = useRef(-1)
  const drag = useRef<{ x: number; y: number; moved: boolean; view: View } | null>(null)
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null)
  const [ready, setReady] = useState(false)
  const lastOpen = useNav((s) => s.lastTrackId)
  const simQuery = useSimilar((s) => s.queryId)
  const simResults = useSimilar((s) => s.results)
  const pathTracks = usePath((s) => s.result?.tracks)
  const playingId = usePlayer((s) => s.track?.id ?? null)
  // The sonic path (a line through its tracks) and the playing track (a ring).
  const listen = useRef<{ path: number[]; playing: number }>({ path: [], playing: -1 })
  listen.current = {
    path: (pathTracks ?? []).map((t) => data.indexOf.get(t.id) ?? -1).filter((i) => i >= 0),
    playing: playingId != null ? (data.indexOf.get(playingId) ?? -1) : -1,
  }

  const highlights = useRef<{ open: number; neighbours: number[] }>({ open: -1, neighbours: [] })
  highlights.current = {
    open: lastOpen != null ? (data.indexOf.get(lastOpen) ?? -1) : -1,
    neighbours:
      lastOpen != null && simQuery === lastOpen
        ? simResults.map((r) => data.indexOf.get(r.id) ?? -1).filter((i) => i >= 0)
        : [],
  }

  const draw = useCallback(() => {
    frame.current = 0
    const c = canvas.current
    const ctx = c?.getContext('2d')
    const v = view.current
    if (!c || !ctx || !v) return
    const { w, h, dpr } = size.current
    if (w === 0 || h === 0) return
    if (!image.current || image.current.width !== w || image.current.height !== h)
      image.current = ctx.createImageData(w, h)
    const t0 = performance.now()
    const buf = new Uint32Array(image.current.data.buffer)
    const n = data.ids.length
    if (n > SMALL_MAP) {
      // Many points: one pass into ImageData.
      const dot = Math.max(2, Math.round((n > 20_000 ? 2 : 3) * dpr))
      rasterise(buf, w, h, v, data.x, data.y, data.color, LUT, dot)
      ctx.putImageData(image.current, 0, 0)
    } else {
      // A small library: round dots that are easy to see and to hit.
      ctx.clearRect(0, 0, w, h)
      const r = (n <= 200 ? 6 : n <= 1000 ? 4.5 : 3) * dpr
      for (let i = 0; i < n; i++) {
        const [px, py] = toScreen(v, w, h, data.x[i]!, data.y[i]!)
        if (px < -r || py < -r || px > w + r || py > h + r) continue
        ctx.beginPath()
        ctx.arc(px, py, r, 0, Math.PI * 2)
        ctx.fillStyle = rampCss(data.color[i]!)
        ctx.fill()
      }
    }
    // Highlights: neighbours, the open track, the hovered point.
    const ring = (i: number, r: number, stroke: string, width: number) => {
      const [px, py] = toScreen(v, w, h, data.x[i]!, data.y[i]!)
      ctx.beginPath()
      ctx.arc(px, py, r * dpr, 0, Math.PI * 2)
      ctx.lineWidth = width * dpr
      ctx.strokeStyle = stroke
      ctx.stroke()
    }
    const css = getComputedStyle(c)
    const accent = css.getPropertyValue('--accent').trim() || '#ff3d7f'
    const text = css.getPropertyValue('--text').trim() || '#000'
    const surface = css.getPropertyValue('--surface').trim() || '#fff'
    for (const i of highlights.current.neighbours) {
      ring(i, 6, surface, 4)
      ring(i, 6, accent, 2)
    }
    if (highlights.current.open >= 0) {
      ring(highlights.current.open, 10, surface, 5)
      ring(highlights.current.open, 10, text, 2.5)
      ring(highlights.current.open, 4, accent, 3)
    }
    const colors = { accent, text, surface, ok: css.getPropertyValue('--ok').trim() || '#2b8a3e' }
    const at = (i: number) => toScreen(v, w, h, data.x[i]!, data.y[i]!)
    drawPathLine(ctx, listen.current.path.map(at), colors, dpr)
    if (listen.current.playing >= 0) drawPlayingRing(ctx, ...at(listen.current.playing), colors, dpr)
    if (hoverIdx.current >= 0) ring(hoverIdx.current, 7, text, 2)
    // Exposed for benchmarks (npm run bench:ui) and tests: the cost of the last full redraw.
    c.dataset.drawMs = (performance.now() - t0).toFixed(1)
    c.dataset.draws = String(Number(c.dataset.draws ?? 0) + 1)
  }, [data])

  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw)
  }, [draw])

  // Size the canvas to its box in device pixels; fit the view on first layout.
  useEffect(() => {
    const el = wrap.current
    const c = canvas.current
    if (!el || !c) return
    const resize = () => {
      const dpr = window.devicePixelRatio || 1
      const w = Math.max(1, Math.round(el.clientWidth * dpr))
      const h = Math.max(1, Math.round(el.clientHeight * dpr))
      c.width = w
      c.height = h
      size.current = { w, h, dpr }
      if (!view.current) view.current = fitView(data.x, data.y, w, h)
      draw()
      setReady(true)
    }
    resize()
    const ro = new ResizeObserver(resize)
    ro.observe(el)
    return () => {
      ro.disconnect()
      cancelAnimationFrame(frame.current)
      frame.current = 0
    }
  }, [data, draw])

  // New data (another colouring) keeps the view; a different point set refits.
  const lastIds = useRef<Int32Array | null>(null)
  useEffect(() => {
    if (lastIds.current && lastIds.current.length !== data.ids.length) view.current = null
    lastIds.current = data.ids
    const { w, h } = size.current
    if (!view.current && w > 0) view.current = fitView(data.x, data.y, w, h)
    hoverIdx.current = -1
    setHover(null)
    schedule()
  }, [data, schedule])

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when highlights change
  useEffect(() => schedule(), [lastOpen, simResults, pathTracks, playingId, schedule])

  const pointAt = (clientX: number, clientY: number): number => {
    const c = canvas.current
    const v = view.current
    if (!c || !v) return -1
    const rect = c.getBoundingClientRect()
    const { w, h, dpr } = size.current
    const px = (clientX - rect.left) * dpr
    const py = (clientY - rect.top) * dpr
    const [x, y] = toData(v, w, h, px, py)
    return nearest(data.grid, x, y, (HIT_RADIUS_PX * dpr) / v.scale)
  }

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    if (d) {
      const { dpr } = size.current
      const dx = (e.clientX - d.x) * dpr
      const dy = (e.clientY - d.y) * dpr
      if (Math.abs(dx) + Math.abs(dy) > 4 * dpr) d.moved = true
      if (d.moved) {
        view.current = { ...d.view, cx: d.view.cx - dx / d.view.scale, cy: d.view.cy + dy / d.view.scale }
        schedule()
        return
      }
    }
    const i = pointAt(e.clientX, e.clientY)
    if (i !== hoverIdx.current) {
      hoverIdx.current = i
      schedule()
    }
    const rect = e.currentTarget.getBoundingClientRect()
    setHover(i >= 0 ? { i, x: e.clientX - rect.left, y: e.clientY - rect.top } : null)
    if (i >= 0) {
      const id = data.ids[i]!
      const entry = useDetails.getState().entries[id]
      if (!entry) void useDetails.getState().fetch(id)
    }
  }

  const zoom = (factor: number, px?: number, py?: number) => {
    const v = view.current
    if (!v) return
    const { w, h } = size.current
    view.current = zoomAt(v, w, h, px ?? w / 2, py ?? h / 2, factor)
    schedule()
  }

  useEffect(() => {
    const c = canvas.current
    if (!c) return
    // Non-passive, so the page does not scroll while zooming.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const rect = c.getBoundingClientRect()
      const { dpr } = size.current
      zoom(Math.exp(-e.deltaY * 0.0015), (e.clientX - rect.left) * dpr, (e.clientY - rect.top) * dpr)
    }
    c.addEventListener('wheel', onWheel, { passive: false })
    return () => c.removeEventListener('wheel', onWheel)
  })

  const onKeyDown = (e: React.KeyboardEvent) => {
    const v = view.current
    if (!v) return
    const step = 60 / v.scale
    switch (e.key) {
      case '+':
      case '=':
        zoom(1.25)
        break
      case '-':
        zoom(0.8)
        break
      case '0':
        view.current = fitView(data.x, data.y, size.current.w, size.current.h)
        schedule()
        break
      case 'ArrowLeft':
        view.current = { ...v, cx: v.cx - step }
        schedule()
        break
      case 'ArrowRight':
        view.current = { ...v, cx: v.cx + step }
        schedule()
        break
      case 'ArrowUp':
        view.current = { ...v, cy: v.cy + step }
        schedule()
        break
      case 'ArrowDown':
        view.current = { ...v, cy: v.cy - step }
        schedule()
        break
      case 'Enter':
        if (highlights.current.open >= 0) openTrack(data.ids[highlights.current.open]!)
        break
      default:
        return
    }
    e.preventDefault()
  }

  const hoverId = hover ? data.ids[hover.i]! : null
  return (
    <div className="map-wrap" ref={wrap}>
      <canvas
        ref={canvas}
        data-testid={TID.sonicMap}
        data-points={data.ids.length}
        data-ready={ready ? 'true' : 'false'}
        tabIndex={0}
        role="img"
        aria-label={`Sonic map of ${formatCount(data.ids.length)} tracks, coloured by ${colorByLabel(data.colorBy)}. Arrow keys pan, plus and minus zoom, 0 resets, Enter opens the highlighted track.`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          if (view.current) drag.current = { x: e.clientX, y: e.clientY, moved: false, view: view.current }
        }}
        onPointerUp={(e) => {
          const d = drag.current
          drag.current = null
          if (d && !d.moved) {
            const i = pointAt(e.clientX, e.clientY)
            if (i >= 0) openTrack(data.ids[i]!)
          }
        }}
        onPointerMove={onPointerMove}
        onPointerLeave={() => {
          hoverIdx.current = -1
          setHover(null)
          schedule()
        }}
        onDoubleClick={() => {
          view.current = fitView(data.x, data.y, size.current.w, size.current.h)
          schedule()
        }}
        onKeyDown={onKeyDown}
        className={hover ? 'pointing' : undefined}
      />
      {hover && hoverId != null && <HoverLabel id={hoverId} x={hover.x} y={hover.y} />}
      <div className="map-hint muted small">
        Scroll to zoom · drag to pan · click a point to open · double-click to reset
      </div>
      <div className="map-axis map-axis-x muted small" aria-hidden="true">
        first principal axis · {Math.round(data.explained[0] * 100)} % of the variation →
      </div>
      <div className="map-axis map-axis-y muted small" aria-hidden="true">
        second principal axis · {Math.round(data.explained[1] * 100)} % →
      </div>
    </div>
  )
}

function HoverLabel({ id, x, y }: { id: number; x: number; y: number }) {
  const entry = useDetails((s) => s.entries[id])
  const d = entry?.detail
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="status">
      {d ? (
        <>
          <strong>{d.title}</strong>
          <span className="muted small">{d.artist ?? 'Unknown artist'}</span>
        </>
      ) : (
        <span className="muted">Track {id}…</span>
      )}
    </div>
  )
}
