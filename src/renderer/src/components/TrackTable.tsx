/**
 * The library table: virtualised (fixed row height; only the visible rows plus a few exist in the
 * DOM), sortable by every column, filtered as you type, and keyboard driven (arrows, Page Up/Down,
 * Home/End move the cursor, Enter opens; Shift+arrows, Shift/Ctrl/Cmd-click, Ctrl+Space and Ctrl+A
 * select several rows, Esc clears). Rows come from the library store's page cache.
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised list cannot be a <table>; this is the WAI-ARIA grid pattern with absolutely positioned rows
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached with aria-activedescendant from the focusable grid, not by Tab
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the grid handles the keyboard (arrows move, Enter opens) for every row
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { gridTemplate, visibleColumns } from '../lib/columns'
import { formatCount } from '../lib/format'
import { cursorAfterKey } from '../lib/gridKeys'
import { visibleRange } from '../lib/paging'
import { useColumns } from '../stores/columns'
import { isRowSelected, rowAt, useLibrary } from '../stores/library'
import { openTrack, takeReturnFocus } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { TID } from '../testids'
import { openTrackMenuAt } from './TrackMenu'
import { openSelectionMenu, ROW_HEIGHT, rowDomId, TrackTableRow } from './TrackTableRow'

/** Scroll position of the table per query, kept while the table is not on screen. */
const saved = { key: '', top: 0 }
const OVERSCAN = 8

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
    const cur = cursor < 0 ? -1 : cursor
    if (e.key === 'Enter') {
      const t = cur >= 0 ? rowAt(cur) : undefined
      if (t) openTrack(t.id)
      e.preventDefault()
      return
    }
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      // The row's actions (play next, queue, radio, path, playlist) from the keyboard.
      const t = cur >= 0 ? rowAt(cur) : undefined
      const el = document.getElementById(rowDomId(cur))
      e.preventDefault()
      if (el && isRowSelected(cur)) {
        const r = el.getBoundingClientRect()
        void openSelectionMenu(r.left, r.bottom + 2)
      } else if (t && el) openTrackMenuAt(el, [t])
      return
    }
    const page = Math.max(1, Math.floor((height - ROW_HEIGHT) / ROW_HEIGHT) - 1)
    const clamped = cursorAfterKey(e.key, cur, n, page)
    if (clamped == null) return
    e.preventDefault()
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
      <TrackTableRow
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
