/** The app shell: header (navigation, Add folder, theme), import progress, the current screen, the player. */
import { useEffect } from 'react'
import { AddFolder } from './components/AddFolder'
import { AudioPlayer } from './components/AudioPlayer'
import { BrowseScreen } from './components/browse/BrowseScreen'
import { browseTab } from './components/browse/BrowseTabs'
import { DropOverlay } from './components/DropOverlay'
import { ImportPanel } from './components/ImportPanel'
import { LibraryScreen } from './components/LibraryScreen'
import { SonicMapScreen } from './components/map/SonicMapScreen'
import { PlaylistsScreen } from './components/Playlists'
import { StatusBanners } from './components/StatusBanners'
import { TrackPage } from './components/TrackPage'
import { nextThemePref, resolvedTheme, startThemeSync, useDisplay } from './stores/display'
import { startEvents } from './stores/events'
import { startImportWatch, useImport } from './stores/import'
import { initLibrary } from './stores/library'
import { startHashSync, useNav } from './stores/nav'
import { useWatch } from './stores/watch'
import { TID } from './testids'
import { LID } from './testids-listen'

export function App() {
  const route = useNav((s) => s.route)

  useEffect(() => {
    const stops = [startEvents(), startHashSync(), startThemeSync(), startImportWatch()]
    void useImport.getState().loadStatus()
    void useImport.getState().loadRoots()
    void useWatch.getState().load()
    initLibrary()
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')
      if ((e.key === '/' && !typing) || ((e.ctrlKey || e.metaKey) && e.key === 'f')) {
        const input = document.getElementById('filter')
        if (input) {
          e.preventDefault()
          input.focus()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => {
      for (const stop of stops) stop()
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  const nav = useNav.getState().navigate
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <polygon points="12,2 21,8 19,18 12,22 5,18 3,8" className="brand-shape" />
          </svg>
          Soundprint
        </div>
        <nav aria-label="Main">
          <button
            type="button"
            data-testid={TID.navLibrary}
            aria-current={browseTab(route) ? 'page' : undefined}
            onClick={() => nav({ name: 'library' })}
          >
            Library
          </button>
          <button
            type="button"
            data-testid={TID.navMap}
            aria-current={route.name === 'map' ? 'page' : undefined}
            onClick={() => nav({ name: 'map' })}
          >
            Sonic map
          </button>
          <button
            type="button"
            data-testid={LID.navPlaylists}
            aria-current={route.name === 'playlists' ? 'page' : undefined}
            onClick={() => nav({ name: 'playlists' })}
          >
            Playlists
          </button>
        </nav>
        <div className="header-right">
          <AddFolder />
          <ThemeButton />
        </div>
      </header>
      <StatusBanners />
      <ImportPanel />
      <main id="main" className="app-main">
        {route.name === 'library' && <LibraryScreen />}
        {route.name === 'map' && <SonicMapScreen />}
        {route.name === 'track' && <TrackPage key={route.id} id={route.id} />}
        {route.name === 'playlists' && <PlaylistsScreen id={route.id ?? null} />}
        <BrowseScreen route={route} />
      </main>
      <AudioPlayer />
      <DropOverlay />
    </div>
  )
}

function ThemeButton() {
  const pref = useDisplay((s) => s.themePref)
  const theme = useDisplay(resolvedTheme)
  const label = pref === 'system' ? `System (${theme})` : pref === 'light' ? 'Light' : 'Dark'
  return (
    <button
      type="button"
      className="icon-button theme"
      data-testid={TID.theme}
      data-theme={theme}
      aria-label={`Theme: ${label}. Change theme`}
      title={`Theme: ${label}`}
      onClick={() => useDisplay.getState().setThemePref(nextThemePref(useDisplay.getState()))}
    >
      <span aria-hidden="true">{pref === 'system' ? '◐' : theme === 'dark' ? '☾' : '☀'}</span>
    </button>
  )
}
