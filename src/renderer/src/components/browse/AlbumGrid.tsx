/**
 * A virtualised grid of album covers: as many columns as fit, rows of tiles rendered only where the
 * scroller shows them, pages of albums.query fetched for those rows. A tile opens its album; its ▶
 * plays it. Arrow keys move between tiles, Enter opens.
 */
// biome-ignore-all lint/a11y/useSemanticElements: absolutely positioned tiles of a virtualised list cannot be <li>s of one <ul> flow
import { useLayoutEffect, useRef, useState } from 'react'
import type { AlbumQuery, AlbumSummary } from '../../../../shared/api'
import { formatCount, formatDuration } from '../../lib/format'
import { visibleRange } from '../../lib/paging'
import { usePaged } from '../../lib/usePaged'
import { fetchAlbums, playAlbum } from '../../stores/browse'
import { openAlbum } from '../../stores/nav'
import { Cover } from '../Cover'

const MIN_TILE = 168
const GAP = 18
const TEXT_H = 52
const OVERSCAN_ROWS = 2

/** Columns and tile size for a grid `width` px wide. */
function gridLayout(width: number, minTile = MIN_TILE, gap = GAP): { cols: number; tile: number } {
  const cols = Math.max(1, Math.floor((width + gap) / (minTile + gap)))
  const tile = Math.floor((width - gap * (cols - 1)) / cols)
  return { cols, tile }
}

const albumSubtitle = (a: AlbumSummary): string =>
  [a.albumArtist ?? 'Unknown artist', a.year != null ? String(a.year) : null].filter(Boolean).join(' · ')

export function AlbumGrid({
  query,
  label,
  empty,
}: {
  query: Omit<AlbumQuery, 'offset' | 'limit'>
  label: string
  /** What to say when there is no album (default: "No albums here."). */
  empty?: React.ReactNode
}) {
  const key = `albums:${JSON.stringify(query)}`
  const paged = usePaged<AlbumSummary>(key, (offset, limit) => fetchAlbums(query, offset, limit))
  const scroller = useRef<HTMLDivElement>(null)
  const [box, setBox] = useState({ w: 800, h: 600 })
  const [top, setTop] = useState(0)
  const [cursor, setCursor] = useState(-1)

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const measure = () => setBox({ w: el.clientWidth - 2 * GAP, h: el.clientHeight })
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the top
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0
    setTop(0)
    setCursor(-1)
  }, [key])

  const { cols, tile } = gridLayout(box.w)
  const rowH = tile + TEXT_H + GAP
  const n = paged.total ?? 0
  const rowCount = Math.ceil(n / cols)
  const { first, last } = visibleRange(top, box.h, rowH, rowCount, OVERSCAN_ROWS)
  const firstItem = first * cols
  const lastItem = Math.min(n - 1, (last + 1) * cols - 1)

  useLayoutEffect(() => {
    paged.show(firstItem, Math.max(firstItem, lastItem))
  }, [paged.show, firstItem, lastItem])

  const focusTile = (i: number) => {
    const el = scroller.current
    if (!el || n === 0) return
    const idx = Math.max(0, Math.min(n - 1, i))
    setCursor(idx)
    const y = Math.floor(idx / cols) * rowH
    if (y < el.scrollTop) el.scrollTop = y
    else if (y + rowH > el.scrollTop + el.clientHeight) el.scrollTop = y + rowH - el.clientHeight
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${idx}"] .album-open`)?.focus())
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const cur = cursor < 0 ? 0 : cursor
    const moves: Record<string, number> = {
      ArrowRight: cur + 1,
      ArrowLeft: cur - 1,
      ArrowDown: cur + cols,
      ArrowUp: cur - cols,
      Home: 0,
      End: n - 1,
      PageDown: cur + cols * Math.max(1, Math.floor(box.h / rowH)),
      PageUp: cur - cols * Math.max(1, Math.floor(box.h / rowH)),
    }
    const next = moves[e.key]
    if (next == null) return
    e.preventDefault()
    focusTile(next)
  }

  const tiles: React.ReactNode[] = []
  for (let i = firstItem; i <= lastItem; i++) {
    const a = paged.rowAt(i)
    const style = {
      width: tile,
      '--tile': `${tile}px`,
      transform: `translate(${(i % cols) * (tile + GAP)}px, ${Math.floor(i / cols) * rowH}px)`,
    }
    tiles.push(
      a ? (
        <AlbumTile key={i % 400} album={a} index={i} style={style} tile={tile} onFocus={() => setCursor(i)} />
      ) : (
        <div key={i % 400} className="album-tile loading" style={style} aria-hidden="true">
          <span className="cover cover-loading" style={{ width: tile, height: tile }} />
        </div>
      ),
    )
  }

  return (
    <div
      className="album-grid"
      ref={scroller}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      role="list"
      aria-label={`${label}: ${formatCount(n)} albums. Arrow keys move, Enter opens.`}
      data-testid="album-grid"
      data-total={paged.total ?? ''}
    >
      {paged.error && paged.total == null ? (
        <div className="state-message error" role="alert">
          <p>Could not load the albums: {paged.error}</p>
          <button type="button" onClick={paged.retry}>
            Try again
          </button>
        </div>
      ) : paged.total === 0 ? (
        <div className="state-message">{empty ?? <p className="muted">No albums here.</p>}</div>
      ) : (
        <div className="album-grid-spacer" style={{ height: rowCount * rowH }}>
          {tiles}
        </div>
      )}
    </div>
  )
}

function AlbumTile({
  album,
  index,
  style,
  tile,
  onFocus,
}: {
  album: AlbumSummary
  index: number
  style: React.CSSProperties & Record<`--${string}`, string | number>
  tile: number
  onFocus(): void
}) {
  return (
    <div
      className="album-tile"
      style={style}
      role="listitem"
      data-index={index}
      data-testid="album-tile"
      data-album-key={album.key}
    >
      <button
        type="button"
        className="album-open"
        onClick={() => openAlbum(album.key)}
        onFocus={onFocus}
        tabIndex={index === 0 ? 0 : -1}
        title={`${album.title} — ${album.albumArtist ?? 'Unknown artist'}`}
      >
        <span className="album-cover" style={{ width: tile, height: tile }}>
          <Cover coverId={album.coverId} name={album.title} />
        </span>
        <span className="album-title">{album.title}</span>
        <span className="album-sub muted small">{albumSubtitle(album)}</span>
      </button>
      <button
        type="button"
        className="album-play icon-button"
        aria-label={`Play ${album.title}`}
        title={`Play ${album.title} (${album.trackCount} tracks, ${formatDuration(album.durationSec)})`}
        tabIndex={-1}
        onClick={() => void playAlbum(album)}
      >
        <span aria-hidden="true">▶</span>
      </button>
    </div>
  )
}
