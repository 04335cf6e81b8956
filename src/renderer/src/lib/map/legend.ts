/**
 * What the sonic map's legend says: a dimension's ticks as values in its unit, what "high" means for a
 * group (its colour is the percentile of the mean of its dimensions' library-scaled values), and short
 * names for categories (a folder by its last two parts).
 */
import { MAP_CATEGORY_KEYS, type MapCategoryKey, type MapColorKey } from '../../../../shared/api'
import {
  DIMENSION_BY_KEY,
  DIMENSIONS,
  type DimensionKey,
  GROUP_COLOR_WEIGHT,
  GROUPS,
  type GroupKey,
} from '../../../../shared/dimensions'

type ColorKind = 'dimension' | 'group' | 'category'

export function colorKind(c: MapColorKey): ColorKind {
  if ((MAP_CATEGORY_KEYS as readonly string[]).includes(c)) return 'category'
  return GROUPS.some((g) => g.key === c) ? 'group' : 'dimension'
}

export const CATEGORY_LABELS: Record<MapCategoryKey, string> = {
  album: 'Album',
  artist: 'Artist',
  folder: 'Folder',
  genre: 'Genre',
}

export function colorByLabel(c: MapColorKey): string {
  const kind = colorKind(c)
  if (kind === 'category') return CATEGORY_LABELS[c as MapCategoryKey]
  if (kind === 'group') return `${GROUPS.find((g) => g.key === c)?.label ?? c} (group)`
  return DIMENSION_BY_KEY[c as DimensionKey]?.label ?? c
}

/** A dimension's value with its unit as the legend shows it ("−14.2 LUFS", "0.31", "1200 Hz"). */
export function formatValue(key: DimensionKey, v: number): string {
  const d = DIMENSION_BY_KEY[key]
  // Fewer decimals for big numbers: the legend shows a scale, not a measurement.
  const decimals = Math.min(d.decimals, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : d.decimals)
  const text = v.toFixed(decimals).replace('-', '−')
  return d.unit ? `${text} ${d.unit}` : text
}

/** Names of a list: "a, b and c". */
function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** What a high value of a group's colour means, in words. */
export function groupHighMeans(group: GroupKey): string {
  const dims = DIMENSIONS.filter((d) => d.group === group)
  const weight = (k: DimensionKey) => GROUP_COLOR_WEIGHT[k] ?? 1
  const more = dims.filter((d) => weight(d.key) > 0).map((d) => d.label.toLowerCase())
  const less = dims.filter((d) => weight(d.key) < 0).map((d) => d.label.toLowerCase())
  if (less.length === 0) return `higher ${listOf(more)} than most of this library, on average`
  return `more ${listOf(more)} and less ${listOf(less)} than most of this library`
}

/** A category's label as the legend shows it: a folder by its last two parts. */
export function shortCategory(kind: MapCategoryKey, label: string): string {
  if (kind !== 'folder') return label
  const parts = label.split(/[\\/]+/).filter(Boolean)
  return parts.length <= 2 ? label : `…/${parts.slice(-2).join('/')}`
}
