/**
 * Serves the built renderer (out/renderer) to the browser: correct MIME types, index.html for client
 * routes (paths without a file extension), long caching for Vite's content-hashed assets, 304s by
 * modification time, and no way out of the root folder (the resolved path must stay inside it; NUL
 * bytes, encoded separators and dot segments that would escape are refused).
 */
import { existsSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openRegularFile } from '../../dsp-worker/file-source'
import { BASE_HEADERS, HttpError } from './http'

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The built renderer folder: out/renderer beside the running bundle (out/main/cli.js or
 * out/main/chunks/*.js) or, from source, under the nearest ancestor that has one.
 */
export function resolveRendererDir(from: string = import.meta.url): string | null {
  let dir = from.startsWith('file:') ? dirname(fileURLToPath(from)) : dirname(from)
  for (let depth = 0; depth < 8; depth++) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return null
}

/**
 * The file under `root` that a URL path names, or null when the path tries to leave the root or is
 * malformed. Does not touch the disk.
 */
function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const base = resolve(root)
  const full = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`)
  if (full !== base && !full.startsWith(base + sep)) return null
  return full
}

/** Answers a GET/HEAD for a static file or a client route. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string | null,
  pathname: string,
): Promise<void> {
  if (!root) {
    throw new HttpError(
      503,
      'the user interface is not built (out/renderer/index.html is missing): run `npm run build`',
      'ui_not_built',
    )
  }
  const full = safeJoin(root, pathname)
  if (!full) throw new HttpError(400, 'bad path', 'bad_path')
  let file = full
  let info = await stat(file).catch(() => null)
  if (info?.isDirectory()) {
    file = join(file, 'index.html')
    info = await stat(file).catch(() => null)
  }
  if (!info?.isFile()) {
    // A client route (no extension) gets the app; a missing asset is a real 404.
    if (extname(pathname) !== '') throw new HttpError(404, `not found: ${pathname}`, 'not_found')
    file = join(root, 'index.html')
    info = await stat(file).catch(() => null)
    if (!info?.isFile()) throw new HttpError(404, 'not found', 'not_found')
  }
  // Symlinks inside the root must not lead out of it either.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)])
  if (!realFile.startsWith(realRoot + sep)) throw new HttpError(404, `not found: ${pathname}`, 'not_found')

  const hashed = pathname.startsWith('/assets/')
  const lastModified = info.mtime.toUTCString()
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': mimeType(file),
    'Last-Modified': lastModified,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  }
  const since = req.headers['if-modified-since']
  if (since && Math.floor(info.mtimeMs / 1000) <= Math.floor(Date.parse(since) / 1000)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  headers['Content-Length'] = String(info.size)
  res.writeHead(200, headers)
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeFile(res, file)
}

/**
 * Streams a byte range of a file into the response; resolves when done, destroys the response on a read error.
 * The file is opened with `openRegularFile`, so one swapped for a named pipe after the caller's checks is
 * refused at once instead of holding a libuv thread (and with it every other file operation) forever.
 */
export async function pipeFile(
  res: ServerResponse,
  file: string,
  range?: { start: number; end: number },
): Promise<void> {
  const fh = await openRegularFile(file).catch(() => null)
  if (!fh) {
    res.destroy()
    return
  }
  return new Promise((resolveDone) => {
    const stream = fh.createReadStream(range)
    stream.on('error', () => {
      res.destroy()
      resolveDone()
    })
    res.on('close', () => {
      stream.destroy()
      resolveDone()
    })
    stream.pipe(res)
  })
}
