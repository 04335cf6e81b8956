import { useState } from 'react'
import { countOf, formatCount } from '../../lib/format'
import { tracksOf } from '../../lib/listen'
import { useLoaded } from '../../lib/useLoaded'
import { fetchGenres } from '../../stores/browse'
import { useNav } from '../../stores/nav'
import { AlbumGrid } from './AlbumGrid'
import { SearchBox } from './AlbumsScreen'
import { BrowseTabs } from './BrowseTabs'
import { ListenActions } from './ListenActions'

export function GenresScreen({ genre }: { genre?: string }) {
  const { data: all, error } = useLoaded('genres', fetchGenres)
  const [filter, setFilter] = useState('')
  const needle = filter.trim().toLocaleLowerCase()
  const genres = needle ? all?.filter((g) => g.name.toLocaleLowerCase().includes(needle)) : all
  return (
    <section className="screen browse genres" aria-label="Genres">
      <div className="toolbar">
        <BrowseTabs />
        <SearchBox
          id="genre-filter"
          label="Filter genres"
          placeholder="Filter genres"
          value={filter}
          onChange={setFilter}
        />
        <span className="muted count">
          {genres ? (needle ? `${formatCount(genres.length)} matching` : countOf(genres.length, 'genre')) : ''}
        </span>
      </div>
      <div className="browse-split">
        <ul className="side-list plain" aria-label="Genres" data-testid="genre-list">
          {error && <li className="inline-error">{error}</li>}
          {genres?.length === 0 && (
            <li className="muted small side-empty">{needle ? 'No genre matches.' : 'No track has a genre tag.'}</li>
          )}
          {genres?.map((g) => (
            <li key={g.name}>
              <button
                type="button"
                className="side-item"
                aria-current={g.name === genre ? 'true' : undefined}
                data-testid="genre-item"
                onClick={() => useNav.getState().navigate({ name: 'genres', genre: g.name })}
              >
                <span className="side-text">
                  <span className="side-name">{g.name}</span>
                  <span className="muted small">
                    {countOf(g.albumCount, 'album')} · {countOf(g.trackCount, 'track')}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="browse-detail">
          {genre ? (
            <>
              <div className="detail-head">
                <h1>{genre}</h1>
                <ListenActions load={() => tracksOf({ genre, sort: 'album' })} label={`Genre: ${genre}`} />
              </div>
              <AlbumGrid
                query={{ genre, sort: 'albumArtist' }}
                label={`${genre} albums`}
                empty={
                  <p className="muted">
                    No track of this genre has an album tag: Play, Queue and Radio above take them all.
                  </p>
                }
              />
            </>
          ) : (
            <div className="state-message">
              <p className="muted">Choose a genre to see its albums.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  )
}
