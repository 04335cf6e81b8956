/**
 * Electron main-process entry: the thin Electron layer over the core (src/main/core). It owns the
 * window, the menu, IPC, the audio protocol and the utility-process workers; everything else is the
 * same core the CLI and `soundprint serve` run under Node.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron'
import { IPC } from '../shared/desktop'
import { type Core, openCore } from './core/service'
import { validateRequest } from './core/validate'
import { handleAudioProtocol, registerAudioSchemePrivileges } from './electron/audio-protocol'
import { createIpcDispatcher, forwardEvents, senderChecked } from './electron/ipc'
import { buildAppMenu, WATCH_MENU_ID } from './electron/menu'
import { electronSqliteBinding } from './electron/native-modules'
import { checkExportRequest, checkSaveRequest, exportPlaylistWithDialog, saveWithDialog } from './electron/save-file'
import { utilitySpawner } from './electron/utility-spawner'
import {
  CONTENT_SECURITY_POLICY,
  type IpcSenderFrame,
  isAllowedNavigation,
  isTrustedSender,
  mainWindowOptions,
} from './electron/window'
import { loadWindowState, trackWindowState } from './electron/window-state'

const here = import.meta.dirname
const rendererDir = join(here, '../renderer')
let mainWindow: BrowserWindow | null = null
let core: Core | null = null
let quitting = false

app.setName('Soundprint')
registerAudioSchemePrivileges()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, (e) => fail(e))
}

async function start(): Promise<void> {
  const userData = app.getPath('userData')
  mkdirSync(userData, { recursive: true })
  hardenSessions()
  core = await openCore({
    dbPath: process.env.SOUNDPRINT_DB ?? join(userData, 'library.db'),
    spawner: utilitySpawner(join(here, 'worker.js')),
    watch: true,
    sqliteNativeBinding: electronSqliteBinding({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
    }),
    warm: true,
  })
  const dispatch = createIpcDispatcher(core.api, validateRequest)
  // Every channel checks its sender: only the app's own page in the top frame.
  const trusted = (frame: IpcSenderFrame | null | undefined) => isTrustedSender(frame, rendererDir)
  ipcMain.handle(
    IPC.call,
    senderChecked(trusted, (method: unknown, req: unknown) => dispatch(method, req)),
  )
  ipcMain.handle(
    IPC.chooseFolder,
    senderChecked(trusted, () => chooseFolder()),
  )
  const saveDialog = {
    ask: async (defaultPath: string, ext: string) => {
      const opts = {
        title: 'Export playlist',
        defaultPath,
        filters: [
          { name: 'Playlist', extensions: [ext] },
          { name: 'All files', extensions: ['*'] },
        ],
      }
      const r = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts)
      return r.canceled || !r.filePath ? null : r.filePath
    },
  }
  ipcMain.handle(
    IPC.saveFile,
    senderChecked(trusted, async (fileName: unknown, contents: unknown) => {
      const req = checkSaveRequest(fileName, contents)
      if (!req) return false
      return saveWithDialog(req, app.getPath('music'), saveDialog)
    }),
  )
  ipcMain.handle(
    IPC.exportPlaylist,
    senderChecked(trusted, async (id: unknown, relative: unknown) => {
      const req = checkExportRequest(id, relative)
      if (!req || !core) return null
      return exportPlaylistWithDialog(core.api['playlists.export'], req, app.getPath('music'), saveDialog)
    }),
  )
  forwardEvents(core, (name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC.event, name, payload)
  })
  handleAudioProtocol(core)
  const menu = buildAppMenu(
    {
      addFolder: () => void addFolderFromDialog(),
      rescan: () => void core?.api['library.rescan']({}),
      setWatchFolders: (on) => void core?.api['settings.set']({ watchFolders: on }).catch(() => {}),
      openLibraryFolder: () => void shell.openPath(userData),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Soundprint',
          message: `Soundprint ${app.getVersion()}`,
          detail:
            'Listens to every track in your library, draws its 25-dimensional sonic fingerprint and finds the tracks that sound alike.',
        }),
    },
    { watchFolders: (await core.api['watch.status']({})).enabled },
  )
  Menu.setApplicationMenu(menu)
  // The checkbox follows the setting, whoever changes it (the menu, the folders panel).
  core.on('watch.status', (s) => {
    const item = menu.getMenuItemById(WATCH_MENU_ID)
    if (item) item.checked = s.enabled
  })
  createWindow(userData)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(userData)
  })
}

function createWindow(userData: string): void {
  const state = loadWindowState(userData)
  const win = new BrowserWindow(mainWindowOptions(state, join(here, '../preload/index.cjs')))
  mainWindow = win
  if (state.maximized) win.maximize()
  trackWindowState(win, userData)
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  void win.loadFile(join(rendererDir, 'index.html'))
}

/** No remote content: deny permissions, new windows and navigation away from the app; send the CSP. */
function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//.test(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, rendererDir)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

async function chooseFolder(): Promise<string | null> {
  const opts = { title: 'Add a music folder', properties: ['openDirectory' as const, 'multiSelections' as const] }
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts)
  return r.canceled ? null : (r.filePaths[0] ?? null)
}

async function addFolderFromDialog(): Promise<void> {
  const path = await chooseFolder()
  if (path && core) await core.api['library.addRoot']({ path })
}

/** Clean shutdown: stop the workers (pending work stays pending) and close the database. */
app.on('before-quit', (event) => {
  if (quitting || !core) return
  event.preventDefault()
  quitting = true
  const c = core
  core = null
  c.close().finally(() => app.quit())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e)
  dialog.showErrorBox('Soundprint could not start', message)
  app.exit(1)
}
