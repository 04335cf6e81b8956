/**
 * The desktop shell's security and wiring, without the Electron binary: window options and CSP, the
 * built preload bridge (loaded with a recording stand-in for the `electron` module), the audio URL
 * parsing, window-state restoring and navigation rules.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { senderChecked } from '../src/main/electron/ipc'
import {
  CONTENT_SECURITY_POLICY,
  DEFAULT_WINDOW_STATE,
  isAllowedNavigation,
  isTrustedSender,
  mainWindowOptions,
  restoreWindowState,
} from '../src/main/electron/window'
import { API_METHODS } from '../src/shared/api'

describe('main window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    const o = mainWindowOptions(DEFAULT_WINDOW_STATE, '/app/out/preload/index.cjs')
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    })
  })

  it('has a strict Content-Security-Policy: nothing remote, no eval, no inline scripts', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/)
        return [name, values]
      }),
    )
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['media-src']).toEqual(['soundprint-audio:'])
    // cover images come over the same scheme as audio
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'soundprint-audio:'])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    for (const values of Object.values(directives)) {
      for (const v of values) {
        expect(v).not.toMatch(/unsafe-eval|https?:|\*/)
      }
    }
    expect(directives['script-src']).not.toContain("'unsafe-inline'")
  })

  it('restores a saved window state only when it is sane and on a visible display', () => {
    const display = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(restoreWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: true }, display)).toEqual({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
      maximized: true,
    })
    // the monitor it was on is gone: keep the size, let the OS place it
    expect(restoreWindowState({ x: 4000, y: 80, width: 1000, height: 700 }, display)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    })
    expect(restoreWindowState({ width: 'big' }, display)).toEqual(DEFAULT_WINDOW_STATE)
    expect(restoreWindowState(null, display)).toEqual(DEFAULT_WINDOW_STATE)
    expect(restoreWindowState({ width: 50, height: 50 }, display)).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('only navigates within the app', () => {
    const dir = '/opt/Soundprint/resources/app.asar/out/renderer'
    expect(isAllowedNavigation(`file://${dir}/index.html`, dir)).toBe(true)
    expect(isAllowedNavigation('https://example.com/', dir)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', dir)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', dir)).toBe(false)
    expect(isAllowedNavigation('not a url', dir)).toBe(false)
  })

  it('compares parsed URLs: no host, no sibling folder, no way out by plain or encoded dot segments', () => {
    const dir = '/opt/Soundprint/resources/app.asar/out/renderer'
    // allowed: the app's pages, with a route in the hash or a query, and harmless dot segments
    expect(isAllowedNavigation(`file://${dir}/index.html#/track/3`, dir)).toBe(true)
    expect(isAllowedNavigation(`file://${dir}/assets/../index.html?x=1`, dir)).toBe(true)
    expect(isAllowedNavigation(`file://localhost${dir}/index.html`, dir)).toBe(true) // localhost is no host
    expect(isAllowedNavigation(`file://${dir}/`.replace('renderer', 'render%65r'), dir)).toBe(false) // the folder itself
    expect(isAllowedNavigation(`file://${dir.replace('renderer', 'render%65r')}/index.html`, dir)).toBe(true)
    for (const url of [
      `file://evilhost${dir}/index.html`, // a network share on Windows
      `file://evilhost/${dir}/index.html`,
      `file://${dir}-evil/x.html`, // a sibling whose name starts like the folder
      `file://${dir}evil/x.html`,
      `file://${dir}/../renderer-evil/x.html`,
      `file://${dir}/%2e%2e/%2e%2e/secret.html`, // encoded ..
      `file://${dir}/%2E%2E/x.html`,
      `file://${dir}/.%2e/x.html`,
      `file://${dir}/..%2f..%2fx.html`, // encoded separators
      `file://${dir}/..%5c..%5cx.html`,
      `file://${dir}`, // the folder itself is not a page
      `soundprint-audio://track/1`,
      `http://localhost${dir}/index.html`,
    ]) {
      expect(isAllowedNavigation(url, dir), url).toBe(false)
    }
  })

  it('compares Windows paths the same way', () => {
    const dir = 'C:\\Program Files\\Soundprint\\resources\\app.asar\\out\\renderer'
    const base = 'file:///C:/Program%20Files/Soundprint/resources/app.asar/out/renderer'
    expect(isAllowedNavigation(`${base}/index.html`, dir, 'win32')).toBe(true)
    expect(isAllowedNavigation(`${base}-evil/x.html`, dir, 'win32')).toBe(false)
    expect(isAllowedNavigation(`${base}/%2e%2e/x.html`, dir, 'win32')).toBe(false)
    expect(isAllowedNavigation(`${base}/..%5cx.html`, dir, 'win32')).toBe(false)
    expect(
      isAllowedNavigation(
        `file://evilhost/C:/Program%20Files/Soundprint/resources/app.asar/out/renderer/index.html`,
        dir,
        'win32',
      ),
    ).toBe(false)
    expect(isAllowedNavigation('file:///D:/index.html', dir, 'win32')).toBe(false)
  })

  it('trusts IPC only from the top frame of an app page, for every channel, the folder picker included', async () => {
    const dir = '/opt/Soundprint/out/renderer'
    const app = { url: `file://${dir}/index.html`, parent: null }
    expect(isTrustedSender(app, dir)).toBe(true)
    expect(isTrustedSender({ url: app.url, parent: app }, dir)).toBe(false) // a frame inside the page
    expect(isTrustedSender({ url: `file://evilhost${dir}/index.html`, parent: null }, dir)).toBe(false)
    expect(isTrustedSender({ url: `file://${dir}-evil/x.html`, parent: null }, dir)).toBe(false)
    expect(isTrustedSender(null, dir)).toBe(false)
    expect(isTrustedSender(undefined, dir)).toBe(false)

    let picked = 0
    const choose = senderChecked(
      (f) => isTrustedSender(f, dir),
      () => {
        picked++
        return '/music'
      },
    )
    await expect(choose({ senderFrame: app })).resolves.toBe('/music')
    await expect(choose({ senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow(/untrusted/)
    await expect(choose({ senderFrame: { url: `file://${dir}/../x.html`, parent: null } })).rejects.toThrow(/untrusted/)
    await expect(choose({})).rejects.toThrow(/untrusted/)
    expect(picked).toBe(1)
  })

  it('registers every IPC channel of the main process through the sender check', () => {
    const main = readFileSync(join(process.cwd(), 'src/main/index.ts'), 'utf8')
    const handles = [...main.matchAll(/ipcMain\.(handle|handleOnce|on|once)\(\s*([A-Za-z_.]+),\s*([a-zA-Z]+)/g)]
    expect(handles.length).toBeGreaterThanOrEqual(2)
    for (const [, , channel, wrapper] of handles) expect(wrapper, channel).toBe('senderChecked')
  })
})

describe('preload bridge (built out/preload/index.cjs)', () => {
  const preload = join(process.cwd(), 'out/preload/index.cjs')

  function loadPreload() {
    const exposed: Record<string, unknown> = {}
    const invoked: unknown[][] = []
    const listeners = new Map<string, (...a: unknown[]) => void>()
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args)
          if (args[0] === 'soundprint:call')
            return (args[2] as { id?: number } | undefined)?.id === 404
              ? { ok: false, error: 'no such track', code: 'not_found' }
              : { ok: true, value: { echoed: args[1] } }
          return '/music'
        },
        on: (channel: string, fn: (...a: unknown[]) => void) => void listeners.set(channel, fn),
        removeListener: (channel: string) => void listeners.delete(channel),
      },
      webUtils: { getPathForFile: (f: { path: string }) => f.path },
    }
    const req = createRequire(preload)
    const electronPath = req.resolve('electron')
    const saved = req.cache[electronPath]
    req.cache[electronPath] = { exports: fakeElectron } as NodeJS.Module
    delete req.cache[preload]
    try {
      req(preload)
    } finally {
      if (saved) req.cache[electronPath] = saved
      else delete req.cache[electronPath]
    }
    return { exposed, invoked, listeners }
  }

  it.skipIf(!existsSync(preload))(
    'exposes exactly the contract: call, on, audioUrl, coverUrl, pathForFile, chooseFolder, saveFile, exportPlaylist',
    async () => {
      const { exposed, invoked, listeners } = loadPreload()
      expect(Object.keys(exposed)).toEqual(['soundprint'])
      const api = exposed.soundprint as Record<string, (...a: unknown[]) => unknown>
      expect(Object.keys(api).sort()).toEqual([
        'audioUrl',
        'call',
        'chooseFolder',
        'coverUrl',
        'exportPlaylist',
        'on',
        'pathForFile',
        'saveFile',
      ])

      // every contract method is bound and travels on the one invoke channel
      for (const m of API_METHODS) {
        await expect(api.call?.(m, {})).resolves.toEqual({ echoed: m })
      }
      expect(invoked.filter((a) => a[0] === 'soundprint:call').map((a) => a[1])).toEqual([...API_METHODS])

      // errors come back as Error objects with the code
      await expect(api.call?.('tracks.get', { id: 404 })).rejects.toMatchObject({
        message: 'no such track',
        code: 'not_found',
      })
      // anything outside the contract never reaches the main process
      const before = invoked.length
      await expect(api.call?.('fs.readFile', {})).rejects.toThrow(/unknown method/)
      expect(invoked.length).toBe(before)

      // events: only the subscribed event reaches the listener; unsubscribe removes it
      const got: unknown[] = []
      const off = api.on?.('import.progress', (p: unknown) => got.push(p)) as () => void
      const fire = listeners.get('soundprint:event')
      fire?.({}, 'library.changed', {})
      fire?.({}, 'import.progress', { phase: 'analysing' })
      expect(got).toEqual([{ phase: 'analysing' }])
      off()
      expect(listeners.has('soundprint:event')).toBe(false)

      expect(api.audioUrl?.(42)).toBe('soundprint-audio://track/42')
      expect(api.coverUrl?.('ab/c', 'full')).toBe('soundprint-audio://cover/ab%2Fc?size=full')
      expect(api.pathForFile?.({ path: '/home/u/Music' })).toBe('/home/u/Music')
      await expect(api.chooseFolder?.()).resolves.toBe('/music')
      await api.saveFile?.('Road trip.m3u8', '#EXTM3U\n')
      expect(invoked.at(-1)).toEqual(['soundprint:save-file', 'Road trip.m3u8', '#EXTM3U\n'])
      await api.exportPlaylist?.(7, true)
      expect(invoked.at(-1)).toEqual(['soundprint:export-playlist', 7, true])
    },
  )
})
