/**
 * Finding covers during one import run (`importer.ts`), with the run's caches: each distinct image is
 * stored once however many tracks carry it, and each folder's cover image is looked up once, from the names
 * the walk already read when it can (`sawFolder`). Folders whose cover image may have been added, replaced
 * or removed since the last scan queue up for `nextFolder`: the importer compares them with what the
 * library recorded (`Library.folderCover`) and updates the folder's tracks when they differ.
 */
import { readdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type CoverStore, coverIdOf, pickFolderImage, readImageFile } from './covers'
import type { FolderCover, Library, TrackCover } from './library'
import { isSkippedName } from './walk'

export class CoverScan {
  /** Each folder's preferred image name as the walk saw it (null: none). */
  private readonly folderNames = new Map<string, string | null>()
  private readonly folders = new Map<string, Promise<FolderCover | null>>()
  /** Cover id → the stored id (null: not an image), so concurrent readers of one album run ffmpeg once. */
  private readonly images = new Map<string, Promise<string | null>>()
  private readonly queued = new Set<string>()
  private readonly queue: string[] = []

  constructor(
    private readonly store: CoverStore,
    private readonly lib: Library,
  ) {}

  /**
   * A folder the walk read, with its entry names: remembered, and queued for a check when it has a cover
   * image or had one at the last scan.
   */
  sawFolder(dir: string, names: readonly string[]): void {
    const image = pickFolderImage(names)
    this.folderNames.set(dir, image)
    if (image !== null || this.lib.folderCover(dir) !== null) this.enqueue(dir)
  }

  /**
   * A folder whose cover image was just added, changed or removed (the folder watcher saw it): what this run
   * knew of it is forgotten, and it is queued for a check.
   */
  folderChanged(dir: string): void {
    this.folderNames.delete(dir)
    this.folders.delete(dir)
    this.queued.delete(dir)
    this.enqueue(dir)
  }

  /** The next folder whose recorded cover image is to be compared with what is there, or undefined. */
  nextFolder(): string | undefined {
    return this.queue.shift()
  }

  get foldersQueued(): number {
    return this.queue.length
  }

  /** A track's cover: its own picture when that is a readable image, else its folder's image, else none. */
  async trackCover(path: string, picture: Uint8Array | null | undefined): Promise<TrackCover> {
    if (picture && picture.length > 0) {
      const id = await this.image(picture)
      if (id) return { coverId: id, source: 'embedded' }
    }
    const folder = await this.folder(dirname(path))
    return folder?.coverId ? { coverId: folder.coverId, source: 'folder' } : { coverId: null, source: 'none' }
  }

  /** A folder's cover image now (null: it has none), found once per run. */
  folder(dir: string): Promise<FolderCover | null> {
    let p = this.folders.get(dir)
    if (!p) {
      p = this.findFolderCover(dir).catch(() => null)
      this.folders.set(dir, p)
      this.enqueue(dir)
    }
    return p
  }

  private enqueue(dir: string): void {
    if (this.queued.has(dir)) return
    this.queued.add(dir)
    this.queue.push(dir)
  }

  /** Stores an image once per run (by content); its cover id, or null when it is not a readable image. */
  private image(bytes: Uint8Array, source?: string): Promise<string | null> {
    const id = coverIdOf(bytes)
    let p = this.images.get(id)
    if (!p) {
      p = this.store.put(bytes, source, id).catch(() => null)
      this.images.set(id, p)
    }
    return p
  }

  private async findFolderCover(dir: string): Promise<FolderCover | null> {
    let name = this.folderNames.get(dir)
    if (name === undefined) {
      const names = await readdir(dir).catch(() => [] as string[])
      name = pickFolderImage(names.filter((n) => !isSkippedName(n)))
      this.folderNames.set(dir, name)
    }
    if (name === null) return null
    const path = join(dir, name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) return null
    const known = this.lib.folderCover(dir)
    // The image is what the library recorded (and its files are still there): nothing to read.
    if (
      known &&
      known.image === name &&
      known.size === info.size &&
      known.mtimeMs === info.mtimeMs &&
      (known.coverId === null || (await this.store.has(known.coverId)))
    )
      return known
    const bytes = await readImageFile(path)
    const coverId = bytes ? await this.image(bytes, path) : null
    return { image: name, size: info.size, mtimeMs: info.mtimeMs, coverId }
  }
}

/** Whether two records of a folder's cover image agree. */
export function sameFolderCover(a: FolderCover | null, b: FolderCover | null): boolean {
  if (!a || !b) return a === b
  return a.image === b.image && a.size === b.size && a.mtimeMs === b.mtimeMs && a.coverId === b.coverId
}
