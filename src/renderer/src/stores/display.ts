/**
 * How fingerprints are drawn: fixed display ranges or percentile within this library (from
 * library.stats, refreshed when the library changes, at most every few seconds), and the theme.
 */
import { create } from 'zustand'
import type { LibraryStats } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import type { DisplayMode } from '../lib/scale'
import { loadPref, savePref } from './storage'

export type ThemePref = 'system' | 'light' | 'dark'

const STATS_MIN_INTERVAL_MS = 5000

interface DisplayState {
  mode: DisplayMode
  stats: LibraryStats | null
  statsError: string | null
  themePref: ThemePref
  systemDark: boolean
  setMode(mode: DisplayMode): void
  loadStats(): Promise<void>
  refreshStats(): void
  setThemePref(pref: ThemePref): void
}

let lastStats = 0
let statsTimer: ReturnType<typeof setTimeout> | null = null

export const useDisplay = create<DisplayState>()((set, get) => ({
  mode: loadPref('displayMode', 'fixed' as DisplayMode, (v): v is DisplayMode => v === 'fixed' || v === 'percentile'),
  stats: null,
  statsError: null,
  themePref: loadPref(
    'theme',
    'system' as ThemePref,
    (v): v is ThemePref => v === 'system' || v === 'light' || v === 'dark',
  ),
  systemDark: typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches,

  setMode(mode) {
    savePref('displayMode', mode)
    set({ mode })
    if (mode === 'percentile' && !get().stats) void get().loadStats()
  },

  async loadStats() {
    lastStats = Date.now()
    try {
      set({ stats: await getApi().call('library.stats', {}), statsError: null })
    } catch (err) {
      set({ statsError: errorMessage(err) })
    }
  },

  refreshStats() {
    if (statsTimer != null || !get().stats) return
    statsTimer = setTimeout(
      () => {
        statsTimer = null
        void get().loadStats()
      },
      Math.max(0, lastStats + STATS_MIN_INTERVAL_MS - Date.now()),
    )
  },

  setThemePref(pref) {
    savePref('theme', pref)
    set({ themePref: pref })
  },
}))

export function resolvedTheme(s: { themePref: ThemePref; systemDark: boolean }): 'light' | 'dark' {
  return s.themePref === 'system' ? (s.systemDark ? 'dark' : 'light') : s.themePref
}

/**
 * The theme button's next preference: every press shows the other theme. From the system's, the opposite
 * one; from an explicit one, back to the system's when that is the other theme, else the other theme.
 */
export function nextThemePref(s: { themePref: ThemePref; systemDark: boolean }): ThemePref {
  const shown = resolvedTheme(s)
  const other = shown === 'dark' ? 'light' : 'dark'
  if (s.themePref === 'system') return other
  return (s.systemDark ? 'dark' : 'light') === other ? 'system' : other
}

/** Follow the system's colour scheme and apply the theme in effect to <html data-theme>. */
export function startThemeSync(): () => void {
  const mq = matchMedia('(prefers-color-scheme: dark)')
  const onChange = () => useDisplay.setState({ systemDark: mq.matches })
  mq.addEventListener('change', onChange)
  const apply = () => {
    document.documentElement.dataset.theme = resolvedTheme(useDisplay.getState())
  }
  apply()
  const unsub = useDisplay.subscribe(apply)
  return () => {
    mq.removeEventListener('change', onChange)
    unsub()
  }
}
