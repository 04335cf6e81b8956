/** Albums: a grid of covers, searchable, sortable by album artist, title, year or date added. */

import { useDebounced } from '../../lib/useDebounced'
import { ALBUM_SORTS, useBrowse } from '../../stores/browse'
import { FILTER_DEBOUNCE_MS } from '../../stores/library'
import { AlbumGrid } from './AlbumGrid'
import { BrowseTabs } from './BrowseTabs'

export function AlbumsScreen() {
  const sort = useBrowse((s) => s.albumSort)
  const desc = useBrowse((s) => s.albumDesc)
  const filterText = useBrowse((s) => s.albumFilter)
  const filter = useDebounced(filterText.trim(), FILTER_DEBOUNCE_MS)
  return (
    <section className="screen browse albums" aria-label="Albums">
      <div className="toolbar">
        <BrowseTabs />
        <SearchBox
          id="album-filter"
          label="Search albums"
          placeholder="Search albums, artists, genres…"
          value={filterText}
          onChange={(v) => useBrowse.getState().setAlbumFilter(v)}
        />
        <fieldset className="segmented sort-by">
          <legend className="visually-hidden">Sort albums by</legend>
          {ALBUM_SORTS.map((s) => (
            <button
              key={s.key}
              type="button"
              className={sort === s.key ? 'on' : ''}
              aria-pressed={sort === s.key}
              data-testid={`album-sort-${s.key}`}
              onClick={() => useBrowse.getState().setAlbumSort(s.key)}
              title={sort === s.key ? 'Click again to reverse' : `Sort by ${s.label.toLowerCase()}`}
            >
              {s.label}
              {sort === s.key && (
                <>
                  <span aria-hidden="true">{desc ? ' ▼' : ' ▲'}</span>
                  <span className="visually-hidden">{desc ? ' (descending)' : ' (ascending)'}</span>
                </>
              )}
            </button>
          ))}
        </fieldset>
      </div>
      <AlbumGrid query={{ sort, desc, ...(filter ? { filter } : {}) }} label="Albums" />
    </section>
  )
}

export function SearchBox({
  id,
  label,
  placeholder,
  value,
  onChange,
}: {
  id: string
  label: string
  placeholder: string
  value: string
  onChange(v: string): void
}) {
  return (
    <div className="search">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        placeholder={placeholder}
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault()
            onChange('')
          }
        }}
      />
    </div>
  )
}
