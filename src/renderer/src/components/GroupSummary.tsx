/** Compact per-group summary of a fingerprint: one row per group with its mean and each value. */
import type { LibraryStats } from '../../../shared/api'
import { DIMENSION_BY_KEY, type Fingerprint } from '../../../shared/dimensions'
import { groupSummaries } from '../lib/compare'
import { formatDimension } from '../lib/format'
import type { DisplayMode } from '../lib/scale'

export function GroupSummary({ fp, mode, stats }: { fp: Fingerprint; mode: DisplayMode; stats: LibraryStats | null }) {
  const groups = groupSummaries(fp, mode, stats)
  return (
    <table className="group-summary">
      <caption className="visually-hidden">Fingerprint values by group</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Level</th>
          <th scope="col">Values</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.group}>
            <th scope="row">
              <span className="swatch" style={{ background: g.color }} aria-hidden="true" />
              {g.label}
            </th>
            <td className="gs-bar">
              <div className="meter" aria-hidden="true">
                <div style={{ width: `${g.mean * 100}%`, background: g.color }} />
              </div>
            </td>
            <td className="gs-values">
              {g.dims.map((d) => (
                <span key={d.key} className="gs-value" title={DIMENSION_BY_KEY[d.key].description}>
                  <span className="muted">{DIMENSION_BY_KEY[d.key].label}</span> {formatDimension(d.key, d.value)}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
