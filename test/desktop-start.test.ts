/**
 * `npm start` where the Electron binary cannot be had (as on these machines): one clear message with
 * the exact browser fallback — the command and the address `soundprint serve` really listens on.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_HOST, DEFAULT_PORT } from '../src/main/server/server'

const root = join(import.meta.dirname, '..')

function electronBinaryPresent(): boolean {
  try {
    const path = createRequire(join(root, 'package.json'))('electron') as unknown
    return typeof path === 'string' && existsSync(path)
  } catch {
    return false
  }
}

describe.skipIf(electronBinaryPresent())(
  'npm start without Electron (skipped: the Electron binary is installed, start would open the app)',
  () => {
    it('prints the serve fallback with its real address and exits 1', () => {
      const r = spawnSync(process.execPath, [join(root, 'scripts/desktop.mjs'), 'start'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('soundprint start: the Electron binary is not installed')
      expect(r.stderr).toContain('npx soundprint serve')
      expect(r.stderr).toContain('node bin/soundprint.mjs serve')
      expect(r.stderr).toContain(`http://${DEFAULT_HOST}:${DEFAULT_PORT}`)
    })
  },
)
