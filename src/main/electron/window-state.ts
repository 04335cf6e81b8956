/** Remembers the main window's size and position in the user-data folder. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BrowserWindow, screen } from 'electron'
import { restoreWindowState, type WindowState } from './window'

export function loadWindowState(userData: string): WindowState {
  let saved: unknown = null
  try {
    saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))
  } catch {
    // first start or unreadable: defaults
  }
  return restoreWindowState(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  )
}

export function trackWindowState(win: BrowserWindow, userData: string): void {
  let timer: NodeJS.Timeout | undefined
  const save = () => {
    if (win.isDestroyed()) return
    const b = win.getNormalBounds()
    const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }
    try {
      writeFileSync(join(userData, 'window-state.json'), JSON.stringify(state))
    } catch {
      // not worth failing over
    }
  }
  const later = () => {
    clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  win.on('resize', later)
  win.on('move', later)
  win.on('close', () => {
    clearTimeout(timer)
    save()
  })
}
