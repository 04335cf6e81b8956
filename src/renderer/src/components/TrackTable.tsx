/**
 * The library table: virtualised (fixed row height; only the visible rows plus a few exist in the
 * DOM), sortable by every column, filtered as you type, and keyboard driven (arrows, Page Up/Down,
 * Home/End move the cursor, Enter opens; Shift+arrows, Shift/Ctrl/Cmd-click, Ctrl+Space and Ctrl+A
 * select several rows, Esc clears). Rows come from the library store's page cache.
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised list cannot be a <table>; this is the WAI-ARIA grid pattern with absolutely positioned rows
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached with aria-activedescendant from the focusable grid, not by Tab
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the grid handles the keyboard (arrows move, Enter opens) for every row
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TrackSummary } from '../../../shared/api'
import { type ColumnDef, failedRowCells, gridTemplate, visibleColumns } from '../lib/columns'
import { formatCount, formatDuration, formatLufs } from '../lib/format'
import { visibleRange } from '../lib/paging'
import { useColumns } from '../stores/columns'
import { isRowSelected, rowAt, selectedTracks, useLibrary } from '../stores/library'
import { openTrack, takeReturnFocus } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { TID } from '../testids'
import { PlayingMark } from './PlayButton'
import { TempoText } from './TempoText'
import { openTrackMenu, openTrackMenuAt } from './TrackMenu'

export const ROW_HEIGHT = 34
/** Scroll position of the table per query, kept while the table is not on screen. */
const saved = { key: '', top: 0 }
const OVERSCAN = 8

const STATE_LABEL: Record<TrackSummary['state'], string> = {
  pending: 'Queued',
  analysing: 'Analysing',
  done: 'Done',
  failed: 'Failed',
  missing: 'Missing',
}

const rowDomId = (i: number) => `track-row-${i}`

/** One cell's content for a column. */
function cellContent(col: ColumnDef, t: TrackSummary, playing: boolean): React.ReactNode {
  const dash = <span className="muted">—</span>
  switch (col.id) {
    case 'trackNo':
      return t.trackNo ?? ''
    case 'title':
      return (
        <>
          {playing && <PlayingMark />}
          {t.title}
          {t.ambiguous && <span className="muted folder-hint"> · {t.folder}</span>}
        </>
      )
    case 'artist':
      return t.artist ?? dash
    case 'album':
      return t.album ?? dash
    case 'albumArtist':
      return t.albumArtist ?? dash
    case 'discNo':
      return t.discNo ?? ''
    case 'year':
      return t.year ?? ''
    case 'genre':
      return t.genre ?? dash
    case 'durationSec':
      return formatDuration(t.durationSec)
    case 'tempoBpm':
      return <TempoText bpm={t.tempoBpm} stability={t.rhythmStability} />
    case 'lufs':
      return formatLufs(t.lufs)
    case 'state':
      return (
        <span className={`badge badge-${t.state}`} title={t.error ?? undefined}>
          {STATE_LABEL[t.state]}
        </span>
      )
  }
}

const Row = memo(function Row({
  index,
  track,
  active,
  selected,
  playing,
  cols,
}: {
  index: number
  track: TrackSummary | undefined
  active: boolean
  /** In the multi-selection. */
  selected: boolean
  /** This row's track is the one in the player. */
  playing: boolean
  cols: ColumnDef[]
}) {
  const style = { transform: `translateY(${index * ROW_HEIGHT}px)` }
  if (!track) {
    return (
      <div className="row row-loading" role="row" aria-rowindex={index + 2} style={style} id={rowDomId(index)}>
        <div className="cell c-title" role="gridcell">
          <span className="skeleton" />
        </div>
      </div>
    )
  }
  const failed = track.state === 'failed' || track.state === 'missing'
  const cells = failed ? failedRowCells(cols) : cols.map((col) => ({ kind: 'column' as const, col }))
  return (
    <div
      className={`row${active ? ' active' : ''}${selected ? ' selected' : ''}${playing ? ' playing' : ''}${failed ? ` row-${track.state}` : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      id={rowDomId(index)}
      style={style}
      data-testid={TID.trackRow}
      data-track-id={track.id}
      data-state={track.state}
      onClick={(e) => {
        const lib = useLibrary.getState()
        lib.setCursor(index)
        // Ctrl/Cmd-click and Shift-click select (several tracks for the menu or the selection bar);
        // a plain click opens the track.
        if (e.shiftKey) lib.select(index, e.ctrlKey || e.metaKey ? 'extend-add' : 'extend')
        else if (e.ctrlKey || e.metaKey) lib.select(index, 'toggle')
        else {
          lib.clearSelection()
          openTrack(track.id)
        }
      }}
      onContextMenu={(e) => {
        e.preventDefault()
        const lib = useLibrary.getState()
        lib.setCursor(index)
        if (selected) void openSelectionMenu(e.clientX, e.clientY)
        else {
          lib.clearSelection()
          openTrackMenu([track], e.clientX, e.clientY)
        }
      }}
    >
      {cells.map((c) =>
        c.kind === 'reason' ? (
          <div
            key="reason"
            className="cell c-reason"
            role="gridcell"
            style={{ gridColumn: `span ${c.span}` }}
            title={track.error ?? undefined}
          >
            {track.error ?? (track.state === 'missing' ? 'The file is no longer in its folder.' : '')}
          </div>
        ) : (
          <div
            key={c.col.id}
            className={`cell ${c.col.className}`}
            role="gridcell"
            title={c.col.id === 'title' ? track.path : undefined}
          >
            {cellContent(c.col, track, playing)}
          </div>
        ),
      )}
    </div>
  )
})

/** The track menu for the whole selection, at a point. */
async function openSelectionMenu(x: number, y: number): Promise<void> {
  const tracks = await selectedTracks()
  openTrackMenu(tracks, x, y)
}

export function TrackTable() {
  const shown = useColumns((s) => s.shown)
  const cols = useMemo(() => visibleColumns(shown), [shown])
  const total = useLibrary((s) => s.total)
  const revision = useLibrary((s) => s.revision)
  const cursor = useLibrary((s) => s.cursor)
  const sort = useLibrary((s) => s.sort)
  const desc = useLibrary((s) => s.desc)
  const filter = useLibrary((s) => s.filter)
  const stateFilter = useLibrary((s) => s.stateFilter)
  const folder = useLibrary((s) => s.folder)
  const playingId = usePlayer((s) => s.track?.id ?? null)
  const selection = useLibrary((s) => s.selection)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)
  const raf = useRef(0)

  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    // Back from a track page: the keyboard continues from the row the user opened.
    if (takeReturnFocus()) el.focus({ preventScroll: true })
    setHeight(el.clientHeight)
    const ro = new ResizeObserver(() => setHeight(el.clientHeight))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  // Coming back to the same query (e.g. from a track page) restores the scroll position; a new
  // query starts at the top.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const key = JSON.stringify([filter, stateFilter, folder, sort, desc])
    const top = saved.key === key ? saved.top : 0
    el.scrollTop = top
    setScrollTop(top)
    saved.key = key
  }, [filter, stateFilter, folder, sort, desc])

  const n = total ?? 0
  const { first, last } = visibleRange(scrollTop, Math.max(0, height - ROW_HEIGHT), ROW_HEIGHT, n, OVERSCAN)

  useEffect(() => {
    useLibrary.getState().showRows(first, Math.max(first, last))
  }, [first, last])

  const onScroll = useCallback(() => {
    cancelAnimationFrame(raf.current)
    raf.current = requestAnimationFrame(() => {
      const top = scrollRef.current?.scrollTop ?? 0
      saved.top = top
      setScrollTop(top)
    })
  }, [])

  const scrollIntoView = (index: number) => {
    const el = scrollRef.current
    if (!el) return
    const top = index * ROW_HEIGHT
    const view = el.clientHeight - ROW_HEIGHT // below the sticky header
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (n === 0) return
    const lib = useLibrary.getState()
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      lib.selectAll()
      e.preventDefault()
      return
    }
    if ((e.ctrlKey || e.metaKey) && e.key === ' ') {
      if (cursor >= 0) lib.select(cursor, 'toggle')
      e.preventDefault()
      return
    }
    if (e.key === 'Escape' && lib.selection.length > 0) {
      lib.clearSelection()
      e.preventDefault()
      e.stopPropagation()
      return
    }
    const page = Math.max(1, Math.floor((height - ROW_HEIGHT) / ROW_HEIGHT) - 1)
    const cur = cursor < 0 ? -1 : cursor
    let next: number | null = null
    switch (e.key) {
      case 'ArrowDown':
        next = cur + 1
        break
      case 'ArrowUp':
        next = cur < 0 ? 0 : cur - 1
        break
      case 'PageDown':
        next = cur + page
        break
      case 'PageUp':
        next = cur - page
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = n - 1
        break
      case 'Enter': {
        const t = cur >= 0 ? rowAt(cur) : undefined
        if (t) openTrack(t.id)
        e.preventDefault()
        return
      }
      case 'ContextMenu':
      case 'F10': {
        // The row's actions (play next, queue, radio, path, playlist) from the keyboard.
        const t = cur >= 0 ? rowAt(cur) : undefined
        const el = document.getElementById(rowDomId(cur))
        if (e.key === 'F10' && !e.shiftKey) return
        e.preventDefault()
        if (el && isRowSelected(cur)) {
          const r = el.getBoundingClientRect()
          void openSelectionMenu(r.left, r.bottom + 2)
        } else if (t && el) openTrackMenuAt(el, [t])
        return
      }
      default:
        return
    }
    e.preventDefault()
    const clamped = Math.max(0, Math.min(n - 1, next))
    // Shift+movement selects from the anchor (the row the cursor left, when nothing was selected).
    if (e.shiftKey) {
      if (lib.selection.length === 0 && cur >= 0) lib.select(cur, 'only')
      lib.select(clamped, 'extend')
    }
    lib.setCursor(clamped)
    scrollIntoView(clamped)
  }

  const rows: React.ReactNode[] = []
  // Keys cycle through a pool as large as the window, so scrolling reuses row elements (their text and
  // position change) instead of destroying and creating them.
  const pool = Math.max(last - first + 1, Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN + 2)
  for (let i = first; i <= last; i++) {
    const track = rowAt(i)
    rows.push(
      <Row
        key={i % pool}
        index={i}
        track={track}
        active={i === cursor}
        selected={selection.length > 0 && isRowSelected(i)}
        playing={track?.id === playingId}
        cols={cols}
      />,
    )
  }
  void revision // rows re-read the cache whenever a page arrives

  return (
    <div className="table" style={{ '--cols': gridTemplate(cols) } as React.CSSProperties}>
      <div
        className="table-body"
        ref={scrollRef}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        role="grid"
        tabIndex={0}
        aria-label={`Library: ${formatCount(n)} tracks. Arrow keys move, Enter opens, the menu key shows actions; Shift+arrows, Ctrl+click and Ctrl+A select several.`}
        aria-multiselectable={true}
        aria-rowcount={n + 1}
        aria-activedescendant={cursor >= 0 && cursor >= first && cursor <= last ? rowDomId(cursor) : undefined}
        data-testid={TID.trackTable}
        data-total={n}
      >
        <div className="row header" role="row" aria-rowindex={1}>
          {cols.map((c) => {
            const sorted = sort === c.id
            return (
              <div
                key={c.id}
                className={`cell ${c.className}`}
                role="columnheader"
                aria-sort={sorted ? (desc ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="sort"
                  onClick={() => useLibrary.getState().setSort(c.id)}
                  title={`Sort by ${c.label.toLowerCase()}`}
                >
                  {c.short ?? c.label}
                  <span className="sort-mark" aria-hidden="true">
                    {sorted ? (desc ? '▼' : '▲') : ''}
                  </span>
                </button>
              </div>
            )
          })}
        </div>
        <div className="table-spacer" role="rowgroup" style={{ height: n * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  )
}
