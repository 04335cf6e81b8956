/** The application menu: Add Folder…, Rescan, Open Library Folder, About, plus the standard roles. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  addFolder(): void
  rescan(): void
  openLibraryFolder(): void
  about(): void
}

export function buildAppMenu(actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.addFolder() },
        { label: 'Rescan Library', accelerator: 'CmdOrCtrl+R', click: () => actions.rescan() },
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
