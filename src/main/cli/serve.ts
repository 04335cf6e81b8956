/**
 * `soundprint serve [--db PATH] [--port 8766] [--host 127.0.0.1] [--token T] [--workers N]`:
 * the library core behind the HTTP API, serving the same UI to a browser (src/main/server), with the
 * library folders watched (src/main/core/watcher.ts) while it runs.
 * Runs until SIGINT/SIGTERM, then stops the workers (pending work stays pending) and closes the
 * database. The token may also come from SOUNDPRINT_TOKEN (keeps it out of the process list).
 */
import pkg from '../../../package.json'
import { resolveDbPath } from '../core/paths'
import { openCore } from '../core/service'
import { checkServerOptions, DEFAULT_HOST, DEFAULT_PORT, startServer } from '../server/server'
import { EXIT, fail, intOption, parseCommand, UsageError } from './command'

const SERVE_USAGE = `usage: soundprint serve [--db PATH] [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--token T] [--workers N]

Serves the library's user interface and API over HTTP (open the printed address in a browser).
While it runs, the library folders are watched: added, changed, moved and deleted files are picked
up by themselves (turn it off with "Watch these folders" in the folders panel).
  --db PATH      library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --port N       TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR    address to listen on (default ${DEFAULT_HOST}, this machine only);
                 any other address requires --token
  --token T      require this bearer token on the API (or set SOUNDPRINT_TOKEN)
  --workers N    DSP worker processes (default: one per CPU core)
`

const SPEC = {
  name: 'serve',
  usage: SERVE_USAGE,
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    workers: { type: 'string' },
  },
  positionals: false,
} as const

export async function serve(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values }) => {
    const host = values.host ?? DEFAULT_HOST
    const token = values.token ?? (process.env.SOUNDPRINT_TOKEN || null)
    const problem = checkServerOptions({ host, token })
    if (problem) throw new UsageError(problem)
    return {
      port: intOption(values.port, '--port', 0, 65535, DEFAULT_PORT),
      workers: intOption(values.workers, '--workers', 1, 256),
      host,
      token,
    }
  })
  if (typeof parsed === 'number') return parsed
  const { values, port, workers, host, token } = parsed

  const dbPath = resolveDbPath(values.db)
  let core: Awaited<ReturnType<typeof openCore>>
  try {
    core = await openCore({ dbPath, workers, watch: true, warm: true })
  } catch (err) {
    return fail('serve', `cannot open the library ${dbPath}: ${(err as Error).message}`)
  }
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({ core, host, port, token, version: pkg.version })
  } catch (err) {
    await core.close()
    return fail('serve', (err as Error).message)
  }
  const address = token ? `${server.url}/?token=${encodeURIComponent(token)}` : `${server.url}/`
  if (core.readOnly) process.stdout.write(`The library ${dbPath} is read-only for this user: serving it read-only\n`)
  process.stdout.write(`Soundprint ${pkg.version} is serving ${dbPath}\n  open ${address}\n  (Ctrl+C stops)\n`)

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`soundprint serve: ${signal} again, exiting now\n`)
        process.exit(EXIT.interrupted)
      }
      stopping = true
      process.stderr.write(`soundprint serve: ${signal}, stopping (pending tracks stay queued)\n`)
      void (async () => {
        try {
          await server.close()
          await core.close()
          resolveExit(EXIT.ok)
        } catch (err) {
          process.stderr.write(`soundprint serve: error while stopping: ${(err as Error).message}\n`)
          resolveExit(EXIT.failed)
        }
      })()
    }
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
  })
}
