/**
 * Cover art end to end in the core (issue #11): embedded pictures (the front cover preferred), cover.* /
 * folder.* / front.* images beside the files (case-insensitive, in order of preference), a corrupt image,
 * thumbnails no larger than 256 px and full copies no larger than 1200 px, one pair of files per distinct
 * image, rescans that backfill tracks imported before covers existed and notice a folder image added,
 * replaced or removed — without running ffmpeg for unchanged files. Real files made by ffmpeg and sox, a
 * real SQLite library, real DSP workers and the real ffmpeg (through a wrapper that counts its runs).
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoverStore, coverIdOf, pickFolderImage, sniffImageType } from '../src/main/core/covers'
import { Importer, type ImportSummary } from '../src/main/core/importer'
import { Library } from '../src/main/core/library'
import { createNodeSpawner } from '../src/main/core/node-spawner'
import { type Core, openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import { ffmpeg, makeTempDir } from './helpers/audio'

const tmp = makeTempDir('soundprint-covers-')
const music = join(tmp.dir, 'music')
const scratch = join(tmp.dir, 'scratch')
const dbPath = join(tmp.dir, 'library.db')
const coversDir = join(tmp.dir, 'covers')
const ffmpegLog = join(tmp.dir, 'ffmpeg-runs.log')
const spawner = createNodeSpawner()
let lib: Library
let store: CoverStore

/** An image made by ffmpeg from a lavfi source. */
function image(dest: string, source: string): void {
  ffmpeg('-f', 'lavfi', '-i', source, '-frames:v', '1', dest)
}

/** Width and height of an image file, by ffprobe. */
function probe(path: string): { width: number; height: number; codec: string } {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=width,height,codec_name',
    '-of',
    'json',
    path,
  ]).toString()
  const s = (JSON.parse(out) as { streams: { width: number; height: number; codec_name: string }[] }).streams[0]!
  return { width: s.width, height: s.height, codec: s.codec_name }
}

function tone(dest: string, freq: number): void {
  ffmpeg('-f', 'lavfi', '-i', `sine=f=${freq}:d=1`, '-ac', '2', dest)
}

const files = {
  embedded: [1, 2, 3].map((i) => join(music, 'Embedded', `0${i}.mp3`)),
  twoPictures: join(music, 'Two pictures', 'both.mp3'),
  folder: [1, 2].map((i) => join(music, 'Folder', `${i}.flac`)),
  upper: join(music, 'Upper', 'a.wav'),
  corrupt: join(music, 'Corrupt', 'a.wav'),
  plain: join(music, 'Plain', 'a.wav'),
  big: join(music, 'Big', 'a.wav'),
}
const img = {
  embedded: join(scratch, 'embedded.jpg'),
  back: join(scratch, 'back.jpg'),
  front: join(scratch, 'front.jpg'),
  folderJpg: join(music, 'Folder', 'cover.jpg'),
  folderFront: join(music, 'Folder', 'front.png'),
  upper: join(music, 'Upper', 'Folder.PNG'),
  big: join(music, 'Big', 'cover.jpeg'),
  later: join(scratch, 'later.png'),
}

beforeAll(() => {
  for (const d of ['Embedded', 'Two pictures', 'Folder', 'Upper', 'Corrupt', 'Plain', 'Big'])
    mkdirSync(join(music, d), { recursive: true })
  mkdirSync(scratch, { recursive: true })
  image(img.embedded, 'mandelbrot=s=600x400')
  image(img.back, 'color=c=blue:s=300x300')
  image(img.front, 'testsrc=s=320x240')
  image(img.folderJpg, 'gradients=s=1000x1000:seed=3')
  image(img.folderFront, 'color=c=red:s=200x200')
  image(img.upper, 'testsrc2=s=400x300')
  image(img.big, 'gradients=s=2000x1500:seed=9')
  image(img.later, 'color=c=green:s=500x500')
  const wav = join(scratch, 'a.wav')
  tone(wav, 440)
  for (const [i, f] of files.embedded.entries())
    ffmpeg(
      ...['-i', wav, '-i', img.embedded, '-map', '0', '-map', '1', '-c:a', 'libmp3lame', '-c:v', 'copy'],
      ...['-disposition:v', 'attached_pic', '-metadata', `title=E${i}`, '-af', `volume=${0.3 + i * 0.2}`, f],
    )
  // A back cover first, then the front: the front cover is the one shown.
  ffmpeg(
    ...['-i', wav, '-i', img.back, '-i', img.front, '-map', '0', '-map', '1', '-map', '2', '-c:a', 'libmp3lame'],
    ...['-c:v', 'copy', '-disposition:v', 'attached_pic', '-metadata:s:v:0', 'comment=Cover (back)'],
    ...['-metadata:s:v:1', 'comment=Cover (front)', files.twoPictures],
  )
  for (const [i, f] of files.folder.entries()) tone(f, 300 + i * 50)
  tone(files.upper, 520)
  tone(files.corrupt, 560)
  writeFileSync(
    join(music, 'Corrupt', 'cover.jpg'),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(900, 7)]),
  )
  tone(files.plain, 610)
  tone(files.big, 660)
  // Counts ffmpeg's runs, then runs the real one.
  const wrapper = join(tmp.dir, 'ffmpeg-counting')
  writeFileSync(wrapper, `#!/bin/sh\necho run >> '${ffmpegLog}'\nexec ffmpeg "$@"\n`)
  chmodSync(wrapper, 0o755)
  store = new CoverStore(coversDir, { ffmpeg: wrapper })
  lib = Library.open(dbPath)
})
afterAll(() => {
  lib?.close()
  tmp.cleanup()
})

const ffmpegRuns = (): number => (existsSync(ffmpegLog) ? readFileSync(ffmpegLog, 'utf8').split('\n').length - 1 : 0)

async function scan(): Promise<ImportSummary> {
  const importer = new Importer({ library: lib, spawner, workers: 2, covers: store })
  const root = lib.addRoot(music)
  try {
    return await importer.scan([root.id])
  } finally {
    await importer.close()
  }
}

interface Row {
  id: number
  state: string
  cover_id: string | null
  cover_source: string | null
}
const row = (path: string): Row =>
  lib.db.prepare('SELECT id, state, cover_id, cover_source FROM tracks WHERE path = ?').get(path) as Row

/** Every file under the covers folder (temporary files included). */
function coverFiles(): string[] {
  if (!existsSync(coversDir)) return []
  return readdirSync(coversDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

describe('cover art', () => {
  it('picks the folder image by name: cover before folder before front, JPEG first, any case', () => {
    expect(pickFolderImage(['front.png', 'Cover.JPG', 'folder.jpg'])).toBe('Cover.JPG')
    expect(pickFolderImage(['Folder.PNG', 'front.jpg', 'notes.txt'])).toBe('Folder.PNG')
    expect(pickFolderImage(['cover.webp', 'cover.png'])).toBe('cover.png')
    expect(pickFolderImage(['cover-back.jpg', 'covers.jpg', 'cover.gif', 'cover.jpg.part'])).toBeNull()
  })

  it('imports: embedded pictures, folder images and a corrupt image, each track imported normally', async () => {
    const summary = await scan()
    expect(summary.error).toBeNull()
    expect(summary.failed).toBe(0)
    const embeddedId = coverIdOf(readFileSync(img.embedded))
    // The pictures were embedded as they are (-c:v copy): the cover id is the image file's.
    for (const f of files.embedded)
      expect(row(f)).toMatchObject({ state: 'done', cover_id: embeddedId, cover_source: 'embedded' })
    expect(row(files.twoPictures)).toMatchObject({ cover_id: coverIdOf(readFileSync(img.front)) })
    for (const f of files.folder)
      expect(row(f)).toMatchObject({ cover_id: coverIdOf(readFileSync(img.folderJpg)), cover_source: 'folder' })
    expect(row(files.upper)).toMatchObject({ cover_id: coverIdOf(readFileSync(img.upper)), cover_source: 'folder' })
    expect(row(files.big)).toMatchObject({ cover_id: coverIdOf(readFileSync(img.big)), cover_source: 'folder' })
    expect(row(files.corrupt)).toMatchObject({ state: 'done', cover_id: null, cover_source: 'none' })
    expect(row(files.plain)).toMatchObject({ state: 'done', cover_id: null, cover_source: 'none' })
  })

  it('stores one thumbnail (≤ 256 px) and one full copy (≤ 1200 px) per distinct image, atomically', () => {
    const ids = new Set(
      (lib.db.prepare('SELECT DISTINCT cover_id FROM tracks WHERE cover_id IS NOT NULL').pluck().all() as string[]) ??
        [],
    )
    expect(ids.size).toBe(5) // embedded, front of two, cover.jpg, Folder.PNG, cover.jpeg
    const stored = coverFiles()
    expect(stored.filter((f) => /\.tmp$|\.src\./.test(f))).toEqual([])
    expect(stored).toHaveLength(ids.size * 2)
    // Six images were given to ffmpeg, the embedded one once for the three tracks that carry it.
    expect(ffmpegRuns()).toBe(6)
    for (const id of ids) {
      const thumb = probe(store.path(id, 'thumb'))
      const full = probe(store.path(id, 'full'))
      expect(thumb.codec).toBe('mjpeg')
      expect(Math.max(thumb.width, thumb.height)).toBeLessThanOrEqual(256)
      expect(Math.max(full.width, full.height)).toBeLessThanOrEqual(1200)
    }
    const big = coverIdOf(readFileSync(img.big))
    expect(probe(store.path(big, 'thumb'))).toMatchObject({ width: 256, height: 192 })
    expect(probe(store.path(big, 'full'))).toMatchObject({ width: 1200, height: 900 })
    // Smaller than the limits: kept at its size.
    expect(probe(store.path(coverIdOf(readFileSync(img.embedded)), 'full'))).toMatchObject({ width: 600, height: 400 })
  })

  it('an unchanged rescan runs no ffmpeg and changes no cover', async () => {
    const before = ffmpegRuns()
    const covers = lib.db.prepare('SELECT id, cover_id, cover_source FROM tracks ORDER BY id').all()
    const summary = await scan()
    expect(summary.analysed).toBe(0)
    expect(ffmpegRuns()).toBe(before)
    expect(lib.db.prepare('SELECT id, cover_id, cover_source FROM tracks ORDER BY id').all()).toEqual(covers)
  })

  it('a rescan makes the cover files again when the covers folder was deleted', async () => {
    const covers = lib.db.prepare('SELECT id, cover_id, cover_source FROM tracks ORDER BY id').all()
    rmSync(coversDir, { recursive: true })
    const summary = await scan()
    expect(summary.analysed).toBe(0)
    expect(lib.db.prepare('SELECT id, cover_id, cover_source FROM tracks ORDER BY id').all()).toEqual(covers)
    expect(coverFiles()).toHaveLength(10)
  })

  it('a rescan gives covers to tracks imported before covers existed', async () => {
    lib.db.exec('UPDATE tracks SET cover_id = NULL, cover_source = NULL; DELETE FROM folder_covers')
    rmSync(coversDir, { recursive: true })
    const summary = await scan()
    expect(summary.analysed).toBe(0) // the audio is not analysed again
    expect(row(files.embedded[0]!)).toMatchObject({
      cover_id: coverIdOf(readFileSync(img.embedded)),
      cover_source: 'embedded',
    })
    expect(row(files.folder[1]!)).toMatchObject({
      cover_id: coverIdOf(readFileSync(img.folderJpg)),
      cover_source: 'folder',
    })
    expect(row(files.corrupt)).toMatchObject({ cover_id: null, cover_source: 'none' })
    expect(lib.db.prepare('SELECT count(*) FROM tracks WHERE cover_source IS NULL').pluck().get()).toBe(0)
    expect(coverFiles()).toHaveLength(10)
  })

  it('a folder image added, replaced or removed later reaches its tracks on the next rescan', async () => {
    copyFileSync(img.later, join(music, 'Plain', 'folder.png'))
    await scan()
    const later = coverIdOf(readFileSync(img.later))
    expect(row(files.plain)).toMatchObject({ cover_id: later, cover_source: 'folder' })

    // Replaced: cover.jpg now holds another image (a new size and mtime).
    image(img.folderJpg, 'mandelbrot=s=500x500')
    await scan()
    const replaced = coverIdOf(readFileSync(img.folderJpg))
    for (const f of files.folder) expect(row(f)).toMatchObject({ cover_id: replaced, cover_source: 'folder' })

    // Removed: the next image in order of preference (front.png) takes over; then none.
    rmSync(img.folderJpg)
    await scan()
    const front = coverIdOf(readFileSync(img.folderFront))
    for (const f of files.folder) expect(row(f)).toMatchObject({ cover_id: front })
    rmSync(img.folderFront)
    await scan()
    for (const f of files.folder) expect(row(f)).toMatchObject({ cover_id: null, cover_source: 'none' })
    // Embedded pictures win over folder images whatever happens beside them.
    copyFileSync(img.later, join(music, 'Embedded', 'cover.jpg'))
    await scan()
    expect(row(files.embedded[2]!)).toMatchObject({ cover_source: 'embedded' })
  })

  it('without ffmpeg, the original image is kept as both sizes; a non-image is no cover', async () => {
    const plain = new CoverStore(join(tmp.dir, 'no-ffmpeg'), { ffmpeg: null })
    const png = readFileSync(img.later)
    const id = await plain.put(png)
    expect(id).toBe(coverIdOf(png))
    const read = await plain.read(id!, 'thumb')
    expect(read).toMatchObject({ ok: true, mime: 'image/png' })
    expect(sniffImageType(readFileSync(plain.path(id!, 'full')))).toBe('image/png')
    expect(await plain.put(Buffer.from('not an image at all'))).toBeNull()
    expect(await plain.read('0'.repeat(32), 'thumb')).toMatchObject({ ok: false, status: 404 })
    expect(await plain.read('../../etc/passwd', 'thumb')).toMatchObject({ ok: false, status: 400 })
  })
})

describe('GET /api/cover/<id>', () => {
  const TOKEN = 'cover-test-token'
  let core: Core
  let server: RunningServer
  let coverId: string

  beforeAll(async () => {
    core = await openCore({ dbPath: join(tmp.dir, 'served', 'library.db'), workers: 1 })
    server = await startServer({ core, port: 0, version: 'test', rendererDir: null, token: TOKEN })
    await core.api['library.addRoot']({ path: join(music, 'Embedded') })
    for (let i = 0; i < 300; i++) {
      const status = await core.api['import.status']({})
      if (status.phase === 'done') break
      await new Promise((r) => setTimeout(r, 100))
    }
    const page = await core.api['tracks.query']({})
    coverId = page.rows[0]!.coverId!
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await core?.close()
  })

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } })

  it('lists the cover id with every track of the album, and stores it beside the database', async () => {
    const page = await core.api['tracks.query']({})
    expect(page.rows).toHaveLength(3)
    expect(new Set(page.rows.map((r) => r.coverId))).toEqual(new Set([coverIdOf(readFileSync(img.embedded))]))
    expect(existsSync(join(tmp.dir, 'served', 'covers', coverId.slice(0, 2), `${coverId}-thumb`))).toBe(true)
  })

  it('serves the thumbnail and the full image as JPEG, cacheable for long, revalidated with its ETag', async () => {
    const thumb = await get(`/api/cover/${coverId}?size=thumb`)
    expect(thumb.status).toBe(200)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
    expect(thumb.headers.get('cache-control')).toContain('immutable')
    const etag = thumb.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}-thumb"$/)
    const bytes = Buffer.from(await thumb.arrayBuffer())
    const saved = join(tmp.dir, 'served-thumb.jpg')
    writeFileSync(saved, bytes)
    expect(probe(saved)).toMatchObject({ width: 256, height: 171 })
    const full = await get(`/api/cover/${coverId}?size=full`)
    expect(full.status).toBe(200)
    writeFileSync(saved, Buffer.from(await full.arrayBuffer()))
    expect(probe(saved)).toMatchObject({ width: 600, height: 400 })
    // No size: the thumbnail.
    expect((await get(`/api/cover/${coverId}`)).headers.get('etag')).toBe(etag)
    const again = await get(`/api/cover/${coverId}?size=thumb`, { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect((await again.arrayBuffer()).byteLength).toBe(0)
  })

  it('404 for an unknown cover, 400 for a bad id or size, 401 without the token', async () => {
    expect((await get(`/api/cover/${'0'.repeat(32)}?size=thumb`)).status).toBe(404)
    expect((await get(`/api/cover/${coverId}?size=huge`)).status).toBe(400)
    expect((await get('/api/cover/..%2F..%2Flibrary.db')).status).toBe(400)
    expect((await get(`/api/cover/${coverId.toUpperCase()}`)).status).toBe(400)
    expect((await fetch(`${server.url}/api/cover/${coverId}`)).status).toBe(401)
    expect((await fetch(`${server.url}/api/cover/${coverId}?token=${TOKEN}`)).status).toBe(200)
    // `..` as sent, before any URL normalisation (fetch would resolve it): still a bad cover id.
    const raw = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(server.url)
      const headers = { Authorization: `Bearer ${TOKEN}` }
      const req = request({ hostname, port, path: '/api/cover/../x', headers }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(raw).toBe(400)
  })
})

describe('a watched folder', () => {
  let core: Core
  const dir = join(tmp.dir, 'watched-music', 'Album')
  const until = async (pred: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000
    while (!(await pred())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const coverOf = async () => (await core.api['tracks.query']({})).rows[0]?.coverId ?? null

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true })
    tone(join(dir, 'a.wav'), 700)
    core = await openCore({
      dbPath: join(tmp.dir, 'watched', 'library.db'),
      workers: 1,
      watch: { quietMs: 200, stableMs: 500, rootCheckMs: 400, fallbackRescanMs: 500 },
    })
    await core.api['library.addRoot']({ path: join(tmp.dir, 'watched-music') })
    await until(async () => (await core.api['import.status']({})).phase === 'done', 'the import')
  }, 60_000)
  afterAll(async () => {
    await core?.close()
  })

  it('gives its tracks a cover image copied in, with no rescan, and takes it away when it is deleted', async () => {
    expect(await coverOf()).toBeNull()
    copyFileSync(img.later, join(dir, 'Cover.png'))
    const id = coverIdOf(readFileSync(img.later))
    await until(async () => (await coverOf()) === id, 'the copied cover')
    rmSync(join(dir, 'Cover.png'))
    await until(async () => (await coverOf()) === null, 'the cover to go')
  }, 60_000)
})
