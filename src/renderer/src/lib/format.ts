/** Formatting for what the UI shows: durations, ETAs, rates, dimension values. */
import { DIMENSION_BY_KEY, type DimensionKey } from '../../../shared/dimensions'

/** 0:00, 3:07, 1:02:03. Null or non-finite → '—'. */
export function formatDuration(sec: number | null | undefined): string {
  if (sec == null || !Number.isFinite(sec) || sec < 0) return '—'
  const s = Math.floor(sec)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`
}

/**
 * Remaining time, rounded the way people read it: 'less than a minute' is avoided in favour of
 * seconds under a minute; minutes under an hour; hours and minutes beyond. Unknown → '—'.
 */
export function formatEta(sec: number | null | undefined): string {
  if (sec == null || !Number.isFinite(sec) || sec < 0) return '—'
  if (sec < 1) return 'a moment'
  if (sec < 60) return `${Math.ceil(sec)} s`
  if (sec < 3600) return `${Math.ceil(sec / 60)} min`
  const totalMin = Math.ceil(sec / 60)
  const h = Math.floor(totalMin / 60)
  const m = totalMin % 60
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`
}

/** Tracks per second with sensible precision. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '—'
  if (perSec >= 10) return perSec.toFixed(0)
  if (perSec >= 1) return perSec.toFixed(1)
  return perSec.toFixed(2)
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** A dimension's raw value with its decimals and unit, e.g. '-14.2 LUFS', '0.31'. */
/** "1 track", "1,200 tracks": a count with its noun (plural by adding s unless given). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`
}

export function formatDimension(key: DimensionKey, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—'
  const d = DIMENSION_BY_KEY[key]
  const text = value.toFixed(d.decimals).replace(/^-/, '−')
  return d.unit ? `${text} ${d.unit}` : text
}

export function formatBpm(bpm: number | null | undefined): string {
  return bpm == null || !Number.isFinite(bpm) ? '—' : bpm.toFixed(0)
}

export function formatLufs(lufs: number | null | undefined): string {
  return lufs == null || !Number.isFinite(lufs) ? '—' : lufs.toFixed(1).replace(/^-/, '−')
}

/** 0.934 → '93 %'. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—'
  return `${Math.round(fraction * 100)} %`
}

/** 37 → '37th'. */
export function ordinal(n: number): string {
  const r100 = n % 100
  if (r100 >= 11 && r100 <= 13) return `${n}th`
  switch (n % 10) {
    case 1:
      return `${n}st`
    case 2:
      return `${n}nd`
    case 3:
      return `${n}rd`
    default:
      return `${n}th`
  }
}

/** The last path segment, for showing a file compactly. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i >= 0 ? path.slice(i + 1) : path
}

/**
 * What tells apart tracks that show the same title and artist: the folder when the title is the file's
 * own name (`song.ogg` in four folders), else the file name (two tagged takes in one folder), with the
 * folder in front.
 */
export function ambiguityHint(t: { title: string; path: string; folder: string }): string {
  const file = baseName(t.path)
  const stem = file.replace(/\.[^.]+$/, '')
  return stem.toLowerCase() === t.title.toLowerCase() ? t.folder : `${t.folder}/${file}`
}
