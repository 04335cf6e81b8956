/**
 * The application menu: Add Folder…, Rescan, Watch Folders for Changes (the watchFolders setting, a
 * checkbox kept in step with the setting by id `WATCH_MENU_ID`), Open Library Folder, About, plus the
 * standard roles.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

interface MenuActions {
  addFolder(): void
  rescan(): void
  /** The Watch Folders checkbox was toggled. */
  setWatchFolders(on: boolean): void
  openLibraryFolder(): void
  about(): void
}

export const WATCH_MENU_ID = 'watch-folders'

export function buildAppMenu(actions: MenuActions, state: { watchFolders: boolean }): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.addFolder() },
        { label: 'Rescan Library', accelerator: 'CmdOrCtrl+R', click: () => actions.rescan() },
        {
          id: WATCH_MENU_ID,
          label: 'Watch Folders for Changes',
          type: 'checkbox',
          checked: state.watchFolders,
          click: (item) => actions.setWatchFolders(item.checked),
        },
        { label: 'Open Library Folder', click: () => actions.openLibraryFolder() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Soundprint', click: () => actions.about() }] },
  ]
  return Menu.buildFromTemplate(template)
}
