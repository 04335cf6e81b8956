/**
 * A virtualised list of fixed-height rows: only the rows in view (plus a few) exist in the DOM, so a
 * queue or playlist of thousands of tracks scrolls as lightly as one of ten. `scrollTo` brings an
 * index into view (after a keyboard move or when the playing track changes).
 */
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { visibleRange } from '../lib/paging'

const OVERSCAN = 6

export function VirtualList({
  count,
  rowHeight,
  renderRow,
  scrollTo,
  className,
  label,
  testId,
  data,
  onRange,
}: {
  count: number
  rowHeight: number
  renderRow: (index: number) => ReactNode
  /** An index to keep in view; changing it scrolls the least needed. */
  scrollTo?: number
  className?: string
  label: string
  testId?: string
  data?: Record<`data-${string}`, string | number>
  /** Told which rows are rendered (to fetch their data). */
  onRange?: (first: number, last: number) => void
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [top, setTop] = useState(0)
  const [height, setHeight] = useState(400)

  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setHeight(el.clientHeight || 400)
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  useLayoutEffect(() => {
    const el = ref.current
    if (!el || scrollTo == null || scrollTo < 0) return
    const y = scrollTo * rowHeight
    if (y < el.scrollTop) el.scrollTop = y
    else if (y + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = y + rowHeight - el.clientHeight
    setTop(el.scrollTop)
  }, [scrollTo, rowHeight])

  const { first, last } = visibleRange(top, height, rowHeight, count, OVERSCAN)
  useEffect(() => onRange?.(first, Math.max(first, last)), [onRange, first, last])
  const rows: ReactNode[] = []
  for (let i = first; i <= last; i++) rows.push(renderRow(i))
  return (
    <div
      ref={ref}
      className={`vlist${className ? ` ${className}` : ''}`}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      data-testid={testId}
      {...data}
    >
      <ol className="vlist-spacer" aria-label={label} style={{ height: count * rowHeight }}>
        {rows}
      </ol>
    </div>
  )
}

/** The style that puts row `index` in its place. */
export const rowStyle = (index: number, rowHeight: number) => ({
  transform: `translateY(${index * rowHeight}px)`,
  height: rowHeight,
})
