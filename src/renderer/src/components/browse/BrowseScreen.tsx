/** The screen for a browse route (albums, an album, artists, genres, folders), or null for others. */
import type { Route } from '../../stores/nav'
import { AlbumPage } from './AlbumPage'
import { AlbumsScreen } from './AlbumsScreen'
import { ArtistsScreen } from './ArtistsScreen'
import { FoldersScreen } from './FoldersScreen'
import { GenresScreen } from './GenresScreen'

export function BrowseScreen({ route }: { route: Route }) {
  switch (route.name) {
    case 'albums':
      return <AlbumsScreen />
    case 'album':
      return <AlbumPage albumKey={route.key} />
    case 'artists':
      return <ArtistsScreen artist={route.artist} />
    case 'genres':
      return <GenresScreen genre={route.genre} />
    case 'folders':
      return <FoldersScreen path={route.path} />
    default:
      return null
  }
}
