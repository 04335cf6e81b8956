/**
 * Starts `node bin/soundprint.mjs serve` as a real process (the built app in out/, as a user runs it)
 * on a free port and waits for the address it prints.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface ServeProcess {
  url: string
  child: ChildProcess
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string
  /** SIGTERM (a clean shutdown), then SIGKILL after a grace period. */
  stop(): Promise<void>
}

const REPO = join(import.meta.dirname, '..')

export async function startServe(args: string[], timeoutMs = 30_000): Promise<ServeProcess> {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')) || !existsSync(join(REPO, 'out', 'renderer', 'index.html'))) {
    throw new Error('the app is not built: run `npm run build` before the end-to-end tests')
  }
  const child = spawn(process.execPath, [join(REPO, 'bin', 'soundprint.mjs'), 'serve', '--port', '0', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOUNDPRINT_TOKEN: '' },
  })
  let out = ''
  let err = ''
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not print its address in ${timeoutMs} ms:\n${out}\n${err}`)),
      timeoutMs,
    )
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /open (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve((m[1] as string).replace(/\/$/, ''))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before it listened:\n${out}\n${err}`))
    })
  })
  return {
    url,
    child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
