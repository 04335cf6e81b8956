/** Comparing two fingerprints: the dimensions where they differ most, in the display scale in use. */
import type { LibraryStats } from '../../../shared/api'
import {
  DIMENSIONS,
  type DimensionKey,
  type Fingerprint,
  GROUP_DIMENSIONS,
  GROUPS,
  type GroupKey,
} from '../../../shared/dimensions'
import { type DisplayMode, scaleValue } from './scale'

export interface Difference {
  key: DimensionKey
  label: string
  group: GroupKey
  a: number
  b: number
  /** b − a in display scale (−1..1). */
  delta: number
}

export function biggestDifferences(
  a: Fingerprint,
  b: Fingerprint,
  mode: DisplayMode,
  stats: LibraryStats | null,
  count = 6,
): Difference[] {
  const diffs = DIMENSIONS.map((d) => ({
    key: d.key,
    label: d.label,
    group: d.group,
    a: a[d.key],
    b: b[d.key],
    delta: scaleValue(mode, d.key, b[d.key], stats) - scaleValue(mode, d.key, a[d.key], stats),
  }))
  diffs.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
  return diffs.slice(0, count).filter((d) => Math.abs(d.delta) > 0.005)
}

export interface GroupSummary {
  group: GroupKey
  label: string
  color: string
  /** Mean display-scale value of the group's dimensions (0..1). */
  mean: number
  dims: { key: DimensionKey; scaled: number; value: number }[]
}

export function groupSummaries(fp: Fingerprint, mode: DisplayMode, stats: LibraryStats | null): GroupSummary[] {
  return GROUPS.map((g) => {
    const dims = GROUP_DIMENSIONS[g.key].map((key) => ({
      key,
      value: fp[key],
      scaled: scaleValue(mode, key, fp[key], stats),
    }))
    const mean = dims.reduce((s, d) => s + d.scaled, 0) / dims.length
    return { group: g.key, label: g.label, color: g.color, mean, dims }
  })
}
