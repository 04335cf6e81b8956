/**
 * IPC: implements the API contract for the renderer over `ipcRenderer.invoke`, validating every
 * value that comes from the renderer before it reaches the core. Events are pushed to the window
 * (progress is already throttled by the core to ≤ 10/s).
 *
 * The channel names are `IPC` in src/shared/desktop.ts.
 */
import { API_EVENTS, API_METHODS, type ApiMethod, type ApiRequest } from '../../shared/api'
import type { Core } from '../core/service'
import type { IpcSenderFrame } from './window'

export type IpcReply = { ok: true; value: unknown } | { ok: false; error: string; code?: string }

/**
 * Checks one request against the contract (src/main/core/validate.ts, shared with the HTTP
 * server): returns the validated request, or throws with a field-level message.
 */
type RequestValidator = <M extends ApiMethod>(method: M, req: unknown) => ApiRequest<M>

const METHODS: ReadonlySet<string> = new Set(API_METHODS)

/** The dispatcher behind `soundprint:call`: pure, so it is unit-tested without Electron. */
export function createIpcDispatcher(
  api: Core['api'],
  validate: RequestValidator,
): (method: unknown, req: unknown) => Promise<IpcReply> {
  return async (method, req) => {
    if (typeof method !== 'string' || !METHODS.has(method)) {
      return { ok: false, error: `unknown method: ${String(method).slice(0, 80)}`, code: 'bad_request' }
    }
    const m = method as ApiMethod
    let valid: unknown
    try {
      valid = validate(m, req)
    } catch (e) {
      return { ok: false, error: (e as Error).message ?? String(e), code: 'bad_request' }
    }
    try {
      const handler = api[m] as (r: unknown) => Promise<unknown>
      return { ok: true, value: await handler(valid) }
    } catch (e) {
      const err = e as { message?: string; code?: string }
      return { ok: false, error: err.message ?? String(e), ...(err.code ? { code: err.code } : {}) }
    }
  }
}

/** Subscribes `send` to every contract event of the core; returns the unsubscribe function. */
export function forwardEvents(core: Pick<Core, 'on'>, send: (event: string, payload: unknown) => void): () => void {
  const offs = API_EVENTS.map((e) => core.on(e, (payload) => send(e, payload)))
  return () => {
    for (const off of offs) off()
  }
}

/**
 * Wraps an `ipcMain.handle` handler so that it runs only for a trusted sender (`isTrustedSender` in
 * window.ts); any other frame's call is rejected before it reaches the handler. Every channel is
 * registered through this, the folder picker included.
 */
export function senderChecked<A extends unknown[], R>(
  isTrusted: (frame: IpcSenderFrame | null | undefined) => boolean,
  handler: (...args: A) => R | Promise<R>,
): (event: { senderFrame?: IpcSenderFrame | null }, ...args: A) => Promise<R> {
  return async (event, ...args) => {
    if (!isTrusted(event.senderFrame)) {
      throw new Error(`untrusted IPC sender: ${String(event.senderFrame?.url ?? 'unknown').slice(0, 200)}`)
    }
    return handler(...args)
  }
}
