/**
 * A multi-selection over the rows of a virtualised list, as sorted, disjoint, non-adjacent inclusive
 * index ranges — so "select all 100 000" or a Shift-click across 40 000 rows costs one range, not a
 * set of ids. The list's rows are fetched only when an action needs them (`rangePages`).
 */

/** Rows first..last, inclusive. */
interface RowRange {
  first: number
  last: number
}

export type Selection = readonly RowRange[]

export const EMPTY_SELECTION: Selection = []

/** Merges overlapping and adjacent ranges and sorts them. */
export function normalise(ranges: readonly RowRange[]): RowRange[] {
  const sorted = ranges
    .filter((r) => r.last >= r.first)
    .map((r) => ({ first: r.first, last: r.last }))
    .sort((a, b) => a.first - b.first)
  const out: RowRange[] = []
  for (const r of sorted) {
    const prev = out[out.length - 1]
    if (prev && r.first <= prev.last + 1) prev.last = Math.max(prev.last, r.last)
    else out.push(r)
  }
  return out
}

export function isSelected(sel: Selection, index: number): boolean {
  let lo = 0
  let hi = sel.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = sel[mid]!
    if (index < r.first) hi = mid - 1
    else if (index > r.last) lo = mid + 1
    else return true
  }
  return false
}

export function selectionSize(sel: Selection): number {
  let n = 0
  for (const r of sel) n += r.last - r.first + 1
  return n
}

/** Ctrl/Cmd-click: the row joins the selection, or leaves it. */
export function toggleRow(sel: Selection, index: number): RowRange[] {
  if (!isSelected(sel, index)) return normalise([...sel, { first: index, last: index }])
  const out: RowRange[] = []
  for (const r of sel) {
    if (index < r.first || index > r.last) out.push({ ...r })
    else {
      if (r.first < index) out.push({ first: r.first, last: index - 1 })
      if (index < r.last) out.push({ first: index + 1, last: r.last })
    }
  }
  return out
}

/**
 * Shift-click / Shift+arrow: the rows from the anchor to `index`. With `add` (Ctrl+Shift) they join
 * the selection; otherwise they replace it.
 */
export function extendTo(sel: Selection, anchor: number, index: number, add = false): RowRange[] {
  const span = { first: Math.min(anchor, index), last: Math.max(anchor, index) }
  return add ? normalise([...sel, span]) : [span]
}

/**
 * The selected rows as page-aligned requests (offset, limit ≤ pageSize), in row order, stopping
 * after `max` rows: what an action fetches to turn the selection into tracks.
 */
export function rangePages(sel: Selection, pageSize: number, max: number): { offset: number; limit: number }[] {
  const out: { offset: number; limit: number }[] = []
  let budget = max
  for (const r of sel) {
    for (let start = r.first; start <= r.last && budget > 0; ) {
      const end = Math.min(r.last, start + pageSize - 1, start + budget - 1)
      out.push({ offset: start, limit: end - start + 1 })
      budget -= end - start + 1
      start = end + 1
    }
    if (budget <= 0) break
  }
  return out
}
