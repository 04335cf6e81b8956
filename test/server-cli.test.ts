/**
 * `soundprint serve` as users start it (the built CLI, a real process): it prints its address, refuses
 * to listen beyond loopback without a token, puts the token in the printed address when there is one,
 * rejects bad options, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from './helpers/audio'

const BIN = join(import.meta.dirname, '..', 'bin', 'soundprint.mjs')
let tmp: ReturnType<typeof makeTempDir>

beforeAll(() => {
  tmp = makeTempDir('soundprint-server-cli-')
})
afterAll(() => tmp?.cleanup())

const env = { ...process.env, SOUNDPRINT_TOKEN: '' }

function serveSync(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'serve', '--db', join(tmp.dir, 'lib.db'), ...args], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
  })
}

/** Starts serve and resolves with the address it prints. */
function startServe(args: string[]): Promise<{ child: ChildProcess; address: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', join(tmp.dir, 'lib.db'), '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString()
    })
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /open (http:\/\/\S+)/.exec(out)
      if (m) resolve({ child, address: m[1] as string, exited })
    })
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)))
  })
}

describe('soundprint serve', () => {
  it('refuses a non-loopback address without a token, saying why and what to do', () => {
    const r = serveSync('--host', '0.0.0.0', '--port', '0')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/)
    expect(r.stderr).toMatch(/--token/)
    expect(r.stdout).toBe('')
  })

  it('rejects bad options with usage', () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--workers', '0'], ['--frobnicate']]) {
      const r = serveSync(...args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(/soundprint serve: /)
    }
    const help = serveSync('--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/usage: soundprint serve/)
  })

  it('prints its loopback address, answers on it and stops cleanly on SIGTERM', async () => {
    const s = await startServe([])
    expect(s.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const health = await fetch(`${s.address}health`)
    expect(await health.json()).toMatchObject({ status: 'healthy' })
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
  })

  it('with --token on any address, prints the address with the token and requires it', async () => {
    const token = 'a-long-enough-test-token'
    const s = await startServe(['--host', '0.0.0.0', '--token', token])
    try {
      const url = new URL(s.address)
      expect(url.searchParams.get('token')).toBe(token)
      const base = `http://127.0.0.1:${url.port}`
      expect((await fetch(`${base}/api/library.roots`, { method: 'POST', body: '{}' })).status).toBe(401)
      const ok = await fetch(`${base}/api/library.roots`, {
        method: 'POST',
        body: '{}',
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(ok.status).toBe(200)
    } finally {
      s.child.kill('SIGTERM')
      await s.exited
    }
  })
})
