/**
 * Running a command as an unprivileged user. As root, file modes do not stop reads or writes, so a test of
 * an unreadable folder or a read-only library runs the CLI as `nobody` (setpriv, util-linux) when it is
 * root, and as itself otherwise. The files such a test makes must then be reachable by that user.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { BIN, type CliResult } from './library-fixtures'

export const isRoot = process.getuid?.() === 0

/** The prefix that drops root (empty when not root; null when root and setpriv is missing). */
export function unprivilegedPrefix(): string[] | null {
  if (!isRoot) return []
  if (spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0) return null
  return ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']
}

/** Runs the built CLI as the unprivileged user (see the module comment). */
export function runCliUnprivileged(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const prefix = unprivilegedPrefix()
  if (prefix === null) throw new Error('running as root without setpriv: cannot drop privileges')
  const [cmd, ...pre] = [...prefix, process.execPath, BIN, ...args]
  const r = spawnSync(cmd!, pre, {
    encoding: 'utf8',
    env: { ...process.env, HOME: '/tmp', ...env },
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Lets other users read everything under `dir` and reach it (a+rX on the tree and on the folders above). */
export function openToOthers(dir: string): void {
  spawnSync('chmod', ['-R', 'a+rX', dir])
  for (let p = dirname(dir); p !== dirname(p); p = dirname(p)) chmodSync(p, (statSync(p).mode & 0o7777) | 0o555)
}
