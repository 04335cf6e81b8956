/** Discovery: supported extensions only, hidden/system folders skipped, symlinks followed without looping. */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walk } from '../src/main/core/walk'
import { makeTempDir } from './helpers/audio'
import { type LibraryFixture, makeLibraryFixture } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-walk-')
let fx: LibraryFixture
beforeAll(() => {
  fx = makeLibraryFixture(join(tmp.dir, 'music'))
})
afterAll(() => tmp.cleanup())

async function collect(root: string): Promise<string[]> {
  const out: string[] = []
  for await (const f of walk(root)) out.push(f.path)
  return out
}

describe('walk', () => {
  it('finds every audio file once, by its real path, through a symlink loop and a second link', async () => {
    const found = await collect(fx.root)
    expect([...found].sort()).toEqual([...fx.good, ...fx.bad].sort())
    for (const f of fx.ignored) expect(found).not.toContain(f)
    expect(found.some((p) => p.includes(`${join('deeper', 'loop')}`))).toBe(false)
    expect(found.some((p) => p.includes(join(fx.root, 'linked')))).toBe(false)
  })

  it('walks a folder reached only through a link, and a missing root yields nothing', async () => {
    // linked → nested/deeper, whose `loop` leads back up to the whole tree: everything, each file once.
    const viaLink = await collect(join(fx.root, 'linked'))
    expect(viaLink.length).toBe(fx.good.length + fx.bad.length)
    expect(new Set(viaLink).size).toBe(viaLink.length)
    expect(viaLink.filter((p) => !p.includes(join('linked', 'loop'))).length).toBe(3)
    const errors: string[] = []
    for await (const _ of walk(join(tmp.dir, 'nope'), { onError: (p) => errors.push(p) })) void _
    expect(errors).toEqual([join(tmp.dir, 'nope')])
  })
})
