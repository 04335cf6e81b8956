/** Preload: exposes the typed Soundprint API to the renderer through contextBridge, nothing else. */
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('soundprint', {})
