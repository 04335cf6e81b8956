/**
 * The library table's columns: which exist, which the user shows (remembered), the CSS grid they
 * make, and where a failed row puts its reason (across the analysis columns, which it has no values
 * for — never over the album).
 */
import type { TrackSortKey } from '../../../shared/api'

export type ColumnId =
  | 'trackNo'
  | 'title'
  | 'artist'
  | 'album'
  | 'albumArtist'
  | 'discNo'
  | 'year'
  | 'genre'
  | 'durationSec'
  | 'tempoBpm'
  | 'lufs'
  | 'state'

export interface ColumnDef {
  id: ColumnId & TrackSortKey
  label: string
  /** Header text when it differs from the label (e.g. "#"). */
  short?: string
  /** CSS grid track. */
  width: string
  className: string
  /** The user can hide it (title and state always show). */
  optional: boolean
  shownByDefault: boolean
  /** A value from the analysis: a failed row shows its reason here instead. */
  analysis?: boolean
}

export const COLUMNS: readonly ColumnDef[] = [
  {
    id: 'trackNo',
    label: 'Track number',
    short: '#',
    width: '40px',
    className: 'c-num c-trackno',
    optional: true,
    shownByDefault: false,
  },
  { id: 'title', label: 'Title', width: 'minmax(0, 3fr)', className: 'c-title', optional: false, shownByDefault: true },
  {
    id: 'artist',
    label: 'Artist',
    width: 'minmax(0, 2fr)',
    className: 'c-artist',
    optional: true,
    shownByDefault: true,
  },
  { id: 'album', label: 'Album', width: 'minmax(0, 2fr)', className: 'c-album', optional: true, shownByDefault: true },
  {
    id: 'albumArtist',
    label: 'Album artist',
    width: 'minmax(0, 2fr)',
    className: 'c-albumartist',
    optional: true,
    shownByDefault: false,
  },
  { id: 'discNo', label: 'Disc', width: '44px', className: 'c-num c-disc', optional: true, shownByDefault: false },
  { id: 'year', label: 'Year', width: '52px', className: 'c-num c-year', optional: true, shownByDefault: false },
  {
    id: 'genre',
    label: 'Genre',
    width: 'minmax(0, 1.2fr)',
    className: 'c-genre',
    optional: true,
    shownByDefault: false,
  },
  {
    id: 'durationSec',
    label: 'Time',
    width: '64px',
    className: 'c-num c-duration',
    optional: true,
    shownByDefault: true,
    analysis: true,
  },
  {
    id: 'tempoBpm',
    label: 'BPM',
    width: '64px',
    className: 'c-num c-tempo',
    optional: true,
    shownByDefault: true,
    analysis: true,
  },
  {
    id: 'lufs',
    label: 'LUFS',
    width: '64px',
    className: 'c-num c-lufs',
    optional: true,
    shownByDefault: true,
    analysis: true,
  },
  { id: 'state', label: 'State', width: '92px', className: 'c-state', optional: false, shownByDefault: true },
]

export const DEFAULT_SHOWN: readonly ColumnId[] = COLUMNS.filter((c) => c.shownByDefault).map((c) => c.id)

export function isShownList(v: unknown): v is ColumnId[] {
  return Array.isArray(v) && v.every((x) => COLUMNS.some((c) => c.id === x))
}

/** The columns to draw, in table order (required ones always included). */
export function visibleColumns(shown: readonly ColumnId[]): ColumnDef[] {
  return COLUMNS.filter((c) => !c.optional || shown.includes(c.id))
}

export function gridTemplate(cols: readonly ColumnDef[]): string {
  return cols.map((c) => c.width).join(' ')
}

/**
 * How a failed (or missing) row lays out: its text columns as usual, the reason in one cell spanning
 * the visible analysis columns (it has no values for them), the badge in the state column. With no
 * analysis column shown, the badge's tooltip tells the reason.
 */
type FailedCell = { kind: 'column'; col: ColumnDef } | { kind: 'reason'; span: number }

export function failedRowCells(cols: readonly ColumnDef[]): FailedCell[] {
  const out: FailedCell[] = []
  let reason: { kind: 'reason'; span: number } | null = null
  for (const col of cols) {
    if (col.analysis) {
      if (!reason) {
        reason = { kind: 'reason', span: 0 }
        out.push(reason)
      }
      reason.span++
    } else out.push({ kind: 'column', col })
  }
  return out
}
