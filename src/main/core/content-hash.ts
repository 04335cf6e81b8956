/**
 * A fast content hash for recognising the same audio file under another name (moves, renames, copies).
 *
 * Definition: `<size in hex>-<SHA-1 hex>` where the SHA-1 covers the whole file when it is at most
 * 3 × 64 KiB, and otherwise the three 64 KiB blocks at the start, the middle (offset ⌊(size − 64 KiB)/2⌋)
 * and the end of the file. Reading 192 KiB costs about the same for a 3 MB and a 300 MB file, so hashing a
 * whole library is bound by seeks, not by bytes. Two files of exactly the same size whose three blocks agree
 * are treated as the same audio; for real recordings (the blocks hold encoded audio and headers) a false
 * match is practically impossible, while a full-file hash would read the entire library on every import.
 */
import { createHash } from 'node:crypto'
import { openRegularFile } from '../../dsp-worker/file-source'

export const HASH_BLOCK = 64 * 1024

/** Throws NotRegularFileError, without blocking, for a named pipe or a device (see `openRegularFile`). */
export async function contentHash(path: string): Promise<string> {
  const fh = await openRegularFile(path)
  try {
    const { size } = await fh.stat()
    const sha = createHash('sha1')
    const buf = Buffer.allocUnsafe(size <= 3 * HASH_BLOCK ? Math.max(size, 1) : HASH_BLOCK)
    const offsets = size <= 3 * HASH_BLOCK ? [0] : [0, Math.floor((size - HASH_BLOCK) / 2), size - HASH_BLOCK]
    for (const offset of offsets) {
      const want = Math.min(buf.length, size)
      let got = 0
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      sha.update(buf.subarray(0, got))
    }
    return `${size.toString(16)}-${sha.digest('hex')}`
  } finally {
    await fh.close()
  }
}
