/** Show or hide the library table's optional columns (track and disc number, year, genre…), remembered. */
import { COLUMNS } from '../lib/columns'
import { useColumns } from '../stores/columns'

export function ColumnsMenu() {
  const shown = useColumns((s) => s.shown)
  return (
    <details className="columns-menu">
      <summary data-testid="columns-menu">Columns</summary>
      <fieldset className="columns-pop">
        <legend className="visually-hidden">Columns to show</legend>
        {COLUMNS.filter((c) => c.optional).map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={shown.includes(c.id)}
              data-testid={`column-${c.id}`}
              onChange={() => useColumns.getState().toggle(c.id)}
            />
            {c.label}
          </label>
        ))}
        <button type="button" className="link" onClick={() => useColumns.getState().reset()}>
          Reset
        </button>
      </fieldset>
    </details>
  )
}
