/**
 * Artists: album artists (or the artist of tracks without one), searchable, in a virtualised list;
 * the chosen one's albums as a grid, with Play / Shuffle / Queue for everything by them.
 */
// biome-ignore-all lint/a11y/useSemanticElements: rows of a virtualised list
import type { ArtistSummary } from '../../../../shared/api'
import { countOf } from '../../lib/format'
import { tracksOf } from '../../lib/listen'
import { useDebounced } from '../../lib/useDebounced'
import { usePaged } from '../../lib/usePaged'
import { fetchArtists, useBrowse } from '../../stores/browse'
import { FILTER_DEBOUNCE_MS, showArtistTracks } from '../../stores/library'
import { useNav } from '../../stores/nav'
import { Cover } from '../Cover'
import { rowStyle, VirtualList } from '../VirtualList'
import { AlbumGrid } from './AlbumGrid'
import { SearchBox } from './AlbumsScreen'
import { BrowseTabs } from './BrowseTabs'
import { ListenActions } from './ListenActions'

const ROW_H = 52

export function ArtistsScreen({ artist }: { artist?: string }) {
  const filterText = useBrowse((s) => s.artistFilter)
  const filter = useDebounced(filterText.trim(), FILTER_DEBOUNCE_MS)
  const paged = usePaged<ArtistSummary>(`artists:${filter}`, (offset, limit) => fetchArtists(filter, offset, limit))
  const n = paged.total ?? 0
  return (
    <section className="screen browse artists" aria-label="Artists">
      <div className="toolbar">
        <BrowseTabs />
        <SearchBox
          id="artist-filter"
          label="Search artists"
          placeholder="Search artists…"
          value={filterText}
          onChange={(v) => useBrowse.getState().setArtistFilter(v)}
        />
        <span className="muted count">{paged.total == null ? '' : countOf(n, 'artist')}</span>
      </div>
      <div className="browse-split">
        <VirtualList
          count={n}
          rowHeight={ROW_H}
          className="side-list"
          label="Artists"
          testId="artist-list"
          onRange={paged.show}
          renderRow={(i) => {
            const a = paged.rowAt(i)
            return (
              <li key={i} className="side-row" style={rowStyle(i, ROW_H)}>
                {a ? (
                  <button
                    type="button"
                    className="side-item"
                    aria-current={a.name === artist ? 'true' : undefined}
                    data-testid="artist-item"
                    onClick={() => useNav.getState().navigate({ name: 'artists', artist: a.name })}
                  >
                    <Cover coverId={a.coverId} name={a.name} className="side-cover" />
                    <span className="side-text">
                      <span className="side-name">{a.name}</span>
                      <span className="muted small">
                        {countOf(a.albumCount, 'album')} · {countOf(a.trackCount, 'track')}
                      </span>
                    </span>
                  </button>
                ) : (
                  <span className="skeleton" />
                )}
              </li>
            )
          }}
        />
        <div className="browse-detail">
          {artist ? (
            <>
              <div className="detail-head">
                <h1>{artist}</h1>
                <ListenActions load={() => tracksOf({ artist, sort: 'album' })} label={`Artist: ${artist}`} />
              </div>
              <AlbumGrid
                query={{ artist, sort: 'year' }}
                label={`Albums by ${artist}`}
                empty={
                  <>
                    <p className="muted">
                      No track of {artist} has an album tag: Play, Queue and Radio above take them all.
                    </p>
                    <button type="button" onClick={() => showArtistTracks(artist)}>
                      Show them in Tracks
                    </button>
                  </>
                }
              />
            </>
          ) : (
            <div className="state-message">
              <p className="muted">Choose an artist to see their albums.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  )
}
