/** The library's views: the track table, albums, artists, genres, folders. */
import { BROWSE_VIEWS, type Route, useNav } from '../../stores/nav'

const LABEL: Record<(typeof BROWSE_VIEWS)[number], string> = {
  library: 'Tracks',
  albums: 'Albums',
  artists: 'Artists',
  genres: 'Genres',
  folders: 'Folders',
}

/** The tab a route belongs to (an album page belongs to Albums). */
export function browseTab(r: Route): (typeof BROWSE_VIEWS)[number] | null {
  if (r.name === 'album') return 'albums'
  return (BROWSE_VIEWS as readonly string[]).includes(r.name) ? (r.name as (typeof BROWSE_VIEWS)[number]) : null
}

export function BrowseTabs() {
  const route = useNav((s) => s.route)
  const current = browseTab(route)
  return (
    <nav className="browse-tabs" aria-label="Library views">
      {BROWSE_VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          className="browse-tab"
          data-testid={`view-${v}`}
          aria-current={current === v ? 'page' : undefined}
          onClick={() => useNav.getState().navigate({ name: v })}
        >
          {LABEL[v]}
        </button>
      ))}
    </nav>
  )
}
