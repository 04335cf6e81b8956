/**
 * `GET /api/events`: the core's events as server-sent events, one stream per browser tab.
 * Each event is `event: <name>\ndata: <json>\n\n` for every name of `API_EVENTS`; a new stream starts
 * with the current `import.progress`, so a page that (re)connects shows the truth at once. A comment
 * line every 15 s keeps proxies and idle timers from closing the stream. A client that disconnects is
 * unsubscribed at once; one that cannot keep up (its socket buffer past a limit) is dropped rather than
 * buffered without bound — EventSource reconnects and gets a fresh snapshot.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_EVENTS, type ApiEvent, type ApiEvents } from '../../shared/api'
import type { Core } from '../core/service'
import { BASE_HEADERS } from './http'

const KEEP_ALIVE_MS = 15_000
/** A client whose unsent data exceeds this is disconnected. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

function formatEvent(name: string, payload: unknown): string {
  // JSON.stringify never emits a raw newline, so the payload is always one `data:` line.
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
}

export class EventHub {
  private readonly clients = new Set<ServerResponse>()
  private readonly unsubscribe: (() => void)[] = []
  private readonly keepAlive: NodeJS.Timeout

  constructor(
    private readonly core: Core,
    keepAliveMs = KEEP_ALIVE_MS,
  ) {
    for (const name of API_EVENTS) {
      this.unsubscribe.push(core.on(name, (payload) => this.broadcast(name, payload)))
    }
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), keepAliveMs)
    this.keepAlive.unref()
  }

  get size(): number {
    return this.clients.size
  }

  /** Takes over the response as an event stream until the client goes away. */
  async open(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.socket.setNoDelay(true)
    req.socket.setKeepAlive(true)
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    // Reconnect after 2 s when the stream drops; the comment flushes the headers to the client now.
    res.write('retry: 2000\n: connected\n\n')
    this.clients.add(res)
    const drop = () => this.clients.delete(res)
    res.on('close', drop)
    req.on('close', drop)
    // A write racing a disconnect must not become an unhandled 'error' event.
    res.on('error', drop)
    try {
      const status = await this.core.api['import.status']({})
      if (this.clients.has(res) && !res.destroyed) res.write(formatEvent('import.progress', status))
    } catch {
      // The stream still works; the client will get the next progress event.
    }
  }

  broadcast<E extends ApiEvent>(name: E, payload: ApiEvents[E]): void {
    this.write(formatEvent(name, payload))
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (res.destroyed || res.writableEnded) {
        this.clients.delete(res)
        continue
      }
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.clients.delete(res)
        res.destroy()
        continue
      }
      res.write(chunk)
    }
  }

  /** Ends every stream and stops listening to the core. */
  close(): void {
    clearInterval(this.keepAlive)
    for (const u of this.unsubscribe.splice(0)) u()
    for (const res of this.clients) res.end()
    this.clients.clear()
  }
}
