/**
 * The sonic map's canvas and its interactions: drag to pan (or, in lasso mode or with Shift, to draw a
 * lasso), wheel to zoom (lib/map/wheel), hover names the track, click opens it, keys pan, zoom, reset,
 * toggle the lasso (L) and clear the selection (Escape). Two stacked canvases (lib/map/draw): the points
 * layer is redrawn when the view, the data or the selection changes; the overlay on hover and highlight.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { formatCount } from '../../lib/format'
import { drawOverlay, drawPoints, type OverlayState, pointLayers, themeColors } from '../../lib/map/draw'
import { extendPath, pointsInPolygon, polygonArea, polygonToData } from '../../lib/map/lasso'
import { colorByLabel } from '../../lib/map/legend'
import { wheelZoomFactor } from '../../lib/map/wheel'
import { fitView, toData, type View, zoomAt } from '../../lib/mapView'
import { nearest } from '../../lib/spatialGrid'
import { useDetails } from '../../stores/details'
import { type MapData, useMap } from '../../stores/map'
import { openTrack, useNav } from '../../stores/nav'
import { usePath } from '../../stores/path'
import { usePlayer } from '../../stores/player'
import { useSimilar } from '../../stores/similar'
import { TID } from '../../testids'
import { MapTooltip } from './MapTooltip'

const HIT_RADIUS_PX = 8
/** CSS pixels at the top of the map kept free when it is fitted: the legend and the selection float there. */
const TOP_INSET_PX = 64
/** A lasso smaller than this (CSS px²) is a click, not a selection. */
const MIN_LASSO_AREA = 64

type Gesture =
  | { kind: 'pan'; x: number; y: number; moved: boolean; view: View }
  | { kind: 'lasso'; path: number[] }
  | null

export function MapCanvas({ data }: { data: MapData }) {
  const points = useRef<HTMLCanvasElement>(null)
  const overlay = useRef<HTMLCanvasElement>(null)
  const wrap = useRef<HTMLDivElement>(null)
  const view = useRef<View | null>(null)
  const size = useRef({ w: 0, h: 0, dpr: 1 })
  const image = useRef<ImageData | null>(null)
  const frame = useRef(0)
  const dirtyPoints = useRef(true)
  const gesture = useRef<Gesture>(null)
  const hoverIdx = useRef(-1)
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null)
  const [ready, setReady] = useState(false)
  const lassoMode = useMap((s) => s.lassoMode)
  const selection = useMap((s) => s.selection)
  const lastOpen = useNav((s) => s.lastTrackId)
  const simQuery = useSimilar((s) => s.queryId)
  const simResults = useSimilar((s) => s.results)
  const pathTracks = usePath((s) => s.result?.tracks)
  const playingId = usePlayer((s) => s.track?.id ?? null)

  // Each point's drawing layer (selected or not, named colour or "other"): computed when they change.
  const layers = useMemo(() => {
    let selected: Uint8Array | null = null
    if (selection) {
      selected = new Uint8Array(data.ids.length)
      for (const id of selection) {
        const i = data.indexOf.get(id)
        if (i !== undefined) selected[i] = 1
      }
    }
    return { layers: pointLayers(data, selected), dim: selected !== null }
  }, [selection, data])
  const layersRef = useRef(layers)
  layersRef.current = layers

  const index = (id: number | null | undefined) => (id != null ? (data.indexOf.get(id) ?? -1) : -1)
  const highlights = useRef<Omit<OverlayState, 'hover' | 'lasso'>>({ open: -1, neighbours: [], path: [], playing: -1 })
  highlights.current = {
    open: index(lastOpen),
    neighbours:
      lastOpen != null && simQuery === lastOpen ? simResults.map((r) => index(r.id)).filter((i) => i >= 0) : [],
    path: (pathTracks ?? []).map((t) => index(t.id)).filter((i) => i >= 0),
    playing: index(playingId),
  }

  const draw = useCallback(() => {
    frame.current = 0
    const pc = points.current
    const oc = overlay.current
    const v = view.current
    const pctx = pc?.getContext('2d')
    const octx = oc?.getContext('2d')
    if (!pc || !oc || !pctx || !octx || !v) return
    const { w, h, dpr } = size.current
    if (w === 0 || h === 0) return
    if (dirtyPoints.current) {
      const t0 = performance.now()
      image.current = drawPoints(
        { ctx: pctx, w, h, dpr },
        image.current,
        data,
        v,
        layersRef.current.layers,
        layersRef.current.dim,
      )
      dirtyPoints.current = false
      // Exposed for benchmarks (npm run bench:ui) and tests: the cost of the last points redraw.
      pc.dataset.drawMs = (performance.now() - t0).toFixed(1)
      pc.dataset.draws = String(Number(pc.dataset.draws ?? 0) + 1)
    }
    const g = gesture.current
    drawOverlay(
      { ctx: octx, w, h, dpr },
      data,
      v,
      { ...highlights.current, hover: hoverIdx.current, lasso: g?.kind === 'lasso' ? g.path : [] },
      themeColors(oc),
    )
  }, [data])

  /** Redraw at the next frame: the overlay always, the points when `points` (view, data or selection changed). */
  const schedule = useCallback(
    (redrawPoints = false) => {
      if (redrawPoints) dirtyPoints.current = true
      if (!frame.current) frame.current = requestAnimationFrame(draw)
    },
    [draw],
  )

  // Size both canvases to their box in device pixels; fit the view on first layout.
  useEffect(() => {
    const el = wrap.current
    const pc = points.current
    const oc = overlay.current
    if (!el || !pc || !oc) return
    const resize = () => {
      const dpr = window.devicePixelRatio || 1
      const w = Math.max(1, Math.round(el.clientWidth * dpr))
      const h = Math.max(1, Math.round(el.clientHeight * dpr))
      for (const c of [pc, oc]) {
        c.width = w
        c.height = h
      }
      size.current = { w, h, dpr }
      if (!view.current) view.current = fitView(data.x, data.y, w, h, undefined, TOP_INSET_PX * dpr)
      dirtyPoints.current = true
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
    const { w, h, dpr } = size.current
    if (!view.current && w > 0) view.current = fitView(data.x, data.y, w, h, undefined, TOP_INSET_PX * dpr)
    hoverIdx.current = -1
    setHover(null)
    schedule(true)
  }, [data, schedule])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection redraws the points
  useEffect(() => schedule(true), [layers, schedule])
  // biome-ignore lint/correctness/useExhaustiveDependencies: highlights redraw the overlay
  useEffect(() => schedule(), [lastOpen, simResults, pathTracks, playingId, schedule])

  /** Canvas pixels of a pointer event. */
  const canvasPoint = (clientX: number, clientY: number): [number, number] => {
    const rect = points.current!.getBoundingClientRect()
    const { dpr } = size.current
    return [(clientX - rect.left) * dpr, (clientY - rect.top) * dpr]
  }

  const pointAt = (clientX: number, clientY: number): number => {
    const v = view.current
    if (!points.current || !v) return -1
    const { w, h, dpr } = size.current
    const [x, y] = toData(v, w, h, ...canvasPoint(clientX, clientY))
    return nearest(data.grid, x, y, (HIT_RADIUS_PX * dpr) / v.scale)
  }

  const setHoverPoint = (i: number, clientX = 0, clientY = 0) => {
    if (i !== hoverIdx.current) {
      hoverIdx.current = i
      schedule()
    }
    const rect = points.current?.getBoundingClientRect()
    setHover(i >= 0 && rect ? { i, x: clientX - rect.left, y: clientY - rect.top } : null)
    if (i >= 0) {
      const id = data.ids[i]!
      if (!useDetails.getState().entries[id]) void useDetails.getState().fetch(id)
    }
  }

  const finishLasso = (path: number[]) => {
    const v = view.current
    const { w, h, dpr } = size.current
    if (!v || path.length < 6 || polygonArea(path) < MIN_LASSO_AREA * dpr * dpr) return
    useMap.getState().select(pointsInPolygon(data.grid, polygonToData(v, w, h, path)))
  }

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || !view.current) return
    e.currentTarget.setPointerCapture(e.pointerId)
    if (lassoMode || e.shiftKey) {
      gesture.current = { kind: 'lasso', path: [...canvasPoint(e.clientX, e.clientY)] }
      setHoverPoint(-1)
    } else gesture.current = { kind: 'pan', x: e.clientX, y: e.clientY, moved: false, view: view.current }
  }

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current
    const { dpr } = size.current
    if (g?.kind === 'lasso') {
      if (extendPath(g.path, ...canvasPoint(e.clientX, e.clientY), 3 * dpr)) schedule()
      return
    }
    if (g?.kind === 'pan') {
      const dx = (e.clientX - g.x) * dpr
      const dy = (e.clientY - g.y) * dpr
      if (Math.abs(dx) + Math.abs(dy) > 4 * dpr) g.moved = true
      if (g.moved) {
        view.current = { ...g.view, cx: g.view.cx - dx / g.view.scale, cy: g.view.cy + dy / g.view.scale }
        schedule(true)
        return
      }
    }
    setHoverPoint(pointAt(e.clientX, e.clientY), e.clientX, e.clientY)
  }

  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current
    gesture.current = null
    if (g?.kind === 'lasso') {
      finishLasso(g.path)
      schedule()
    } else if (g?.kind === 'pan' && !g.moved) {
      const i = pointAt(e.clientX, e.clientY)
      if (i >= 0) openTrack(data.ids[i]!)
    }
  }

  const zoom = (factor: number, px?: number, py?: number) => {
    const v = view.current
    if (!v) return
    const { w, h } = size.current
    view.current = zoomAt(v, w, h, px ?? w / 2, py ?? h / 2, factor)
    schedule(true)
  }

  useEffect(() => {
    const c = points.current
    if (!c) return
    // Non-passive, so the page does not scroll while zooming.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const factor = wheelZoomFactor(e)
      if (factor !== 1) zoom(factor, ...canvasPoint(e.clientX, e.clientY))
    }
    c.addEventListener('wheel', onWheel, { passive: false })
    return () => c.removeEventListener('wheel', onWheel)
  })

  const refit = () => {
    const { w, h, dpr } = size.current
    view.current = fitView(data.x, data.y, w, h, undefined, TOP_INSET_PX * dpr)
    schedule(true)
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const v = view.current
    if (!v) return
    const step = 60 / v.scale
    const pan = (dx: number, dy: number) => {
      view.current = { ...v, cx: v.cx + dx, cy: v.cy + dy }
      schedule(true)
    }
    switch (e.key) {
      case '+':
      case '=':
        zoom(1.25)
        break
      case '-':
        zoom(0.8)
        break
      case '0':
        refit()
        break
      case 'ArrowLeft':
        pan(-step, 0)
        break
      case 'ArrowRight':
        pan(step, 0)
        break
      case 'ArrowUp':
        pan(0, step)
        break
      case 'ArrowDown':
        pan(0, -step)
        break
      case 'l':
      case 'L':
        useMap.getState().setLassoMode(!lassoMode)
        break
      case 'Escape':
        if (!useMap.getState().selection) return
        useMap.getState().clearSelection()
        break
      case 'Enter':
        if (highlights.current.open >= 0) openTrack(data.ids[highlights.current.open]!)
        break
      default:
        return
    }
    e.preventDefault()
    e.stopPropagation()
  }

  return (
    <div className="map-wrap" ref={wrap}>
      <canvas
        ref={points}
        data-testid={TID.sonicMap}
        data-points={data.ids.length}
        data-ready={ready ? 'true' : 'false'}
        data-lasso={lassoMode ? 'true' : 'false'}
        tabIndex={0}
        role="img"
        aria-label={`Sonic map of ${formatCount(data.ids.length)} tracks, coloured by ${colorByLabel(data.colorBy)}. Arrow keys pan, plus and minus zoom, 0 resets, L toggles the lasso, Escape clears the selection, Enter opens the highlighted track.`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          gesture.current = null
          schedule()
        }}
        onPointerLeave={() => {
          if (!gesture.current) setHoverPoint(-1)
        }}
        onDoubleClick={() => {
          if (!lassoMode) refit()
        }}
        onKeyDown={onKeyDown}
        className={lassoMode ? 'lasso' : hover ? 'pointing' : undefined}
      />
      <canvas ref={overlay} className="map-overlay" />
      {hover && <MapTooltip id={data.ids[hover.i]!} colorBy={data.colorBy} x={hover.x} y={hover.y} />}
      <div className="map-hint muted small">
        {lassoMode
          ? 'Draw around points to select them · L or the Lasso button to pan again'
          : 'Scroll to zoom · drag to pan · Shift+drag to select · click a point to open · double-click to reset'}
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
