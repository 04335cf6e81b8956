/**
 * Preload: exposes exactly the typed Soundprint API (src/shared/api.ts) to the renderer through
 * contextBridge, plus the path of a dropped folder, the native folder dialog and the save dialog
 * for an exported playlist. Nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  API_METHODS,
  type ApiEvent,
  type ApiEvents,
  type ApiMethod,
  type ApiRequest,
  type ApiResponse,
} from '../shared/api'
import { type DesktopBridge, desktopAudioUrl, desktopCoverUrl, IPC } from '../shared/desktop'

const methods: ReadonlySet<string> = new Set(API_METHODS)

type Reply = { ok: true; value: unknown } | { ok: false; error: string; code?: string }

const bridge: DesktopBridge = {
  async call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
    if (!methods.has(method)) throw new Error(`unknown method: ${String(method)}`)
    const reply = (await ipcRenderer.invoke(IPC.call, method, req)) as Reply
    if (reply.ok) return reply.value as ApiResponse<M>
    const err = new Error(reply.error) as Error & { code?: string }
    if (reply.code) err.code = reply.code
    throw err
  },
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const handler = (_e: Electron.IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as ApiEvents[E])
    }
    ipcRenderer.on(IPC.event, handler)
    return () => {
      ipcRenderer.removeListener(IPC.event, handler)
    }
  },
  audioUrl: desktopAudioUrl,
  coverUrl: desktopCoverUrl,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  chooseFolder: () => ipcRenderer.invoke(IPC.chooseFolder) as Promise<string | null>,
  saveFile: (fileName: string, contents: string) =>
    ipcRenderer.invoke(IPC.saveFile, String(fileName), String(contents)) as Promise<boolean>,
  exportPlaylist: (id: number, relative: boolean) =>
    ipcRenderer.invoke(IPC.exportPlaylist, Number(id), Boolean(relative)) as Promise<string | null>,
}

contextBridge.exposeInMainWorld('soundprint', bridge)
