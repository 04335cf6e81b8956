/**
 * `soundprint serve [--db PATH] [--port 8766] [--host 127.0.0.1] [--token T] [--workers N]`:
 * the library core behind the HTTP API, serving the same UI to a browser (src/main/server).
 * Runs until SIGINT/SIGTERM, then stops the workers (pending work stays pending) and closes the
 * database. The token may also come from SOUNDPRINT_TOKEN (keeps it out of the process list).
 */
import { parseArgs } from 'node:util'
import pkg from '../../../package.json'
import { resolveDbPath } from '../core/paths'
import { openCore } from '../core/service'
import { checkServerOptions, DEFAULT_HOST, DEFAULT_PORT, startServer } from '../server/server'

export const SERVE_USAGE = `usage: soundprint serve [--db PATH] [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--token T] [--workers N]

Serves the library's user interface and API over HTTP (open the printed address in a browser).
  --db PATH      library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --port N       TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR    address to listen on (default ${DEFAULT_HOST}, this machine only);
                 any other address requires --token
  --token T      require this bearer token on the API (or set SOUNDPRINT_TOKEN)
  --workers N    DSP worker processes (default: one per CPU core)
`

export async function serve(argv: string[]): Promise<number> {
  let values: { db?: string; port?: string; host?: string; token?: string; workers?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (err) {
    process.stderr.write(`soundprint serve: ${(err as Error).message}\n\n${SERVE_USAGE}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(SERVE_USAGE)
    return 0
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`soundprint serve: --port must be an integer 0..65535, got "${values.port}"\n`)
    return 2
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
    process.stderr.write(`soundprint serve: --workers must be an integer 1..256, got "${values.workers}"\n`)
    return 2
  }
  const host = values.host ?? DEFAULT_HOST
  const token = values.token ?? (process.env.SOUNDPRINT_TOKEN || null)
  const problem = checkServerOptions({ host, token })
  if (problem) {
    process.stderr.write(`soundprint serve: ${problem}\n`)
    return 2
  }

  const dbPath = resolveDbPath(values.db)
  let core: Awaited<ReturnType<typeof openCore>>
  try {
    core = await openCore({ dbPath, workers })
  } catch (err) {
    process.stderr.write(`soundprint serve: cannot open the library ${dbPath}: ${(err as Error).message}\n`)
    return 1
  }
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({ core, host, port, token, version: pkg.version })
  } catch (err) {
    process.stderr.write(`soundprint serve: ${(err as Error).message}\n`)
    await core.close()
    return 1
  }
  const address = token ? `${server.url}/?token=${encodeURIComponent(token)}` : `${server.url}/`
  if (core.readOnly) process.stdout.write(`The library ${dbPath} is read-only for this user: serving it read-only\n`)
  process.stdout.write(`Soundprint ${pkg.version} is serving ${dbPath}\n  open ${address}\n  (Ctrl+C stops)\n`)

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`soundprint serve: ${signal} again, exiting now\n`)
        process.exit(130)
      }
      stopping = true
      process.stderr.write(`soundprint serve: ${signal}, stopping (pending tracks stay queued)\n`)
      void (async () => {
        try {
          await server.close()
          await core.close()
          resolveExit(0)
        } catch (err) {
          process.stderr.write(`soundprint serve: error while stopping: ${(err as Error).message}\n`)
          resolveExit(1)
        }
      })()
    }
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
  })
}
