/**
 * WAV and AIFF PCM need no decoder: their samples are read from disk block by block (`../pcm.ts`),
 * at constant memory — the fastest path.
 */
import { streamPcm } from '../pcm'
import type { Decoder } from './decoder'

export const pcmDecoder = {
  name: 'pcm' as const,
  description: 'WAV/AIFF PCM read directly from disk (no decoder)',
  memory: 'stream',
  unavailable: () => null,
  accepts: (info) => info.pcm !== null,
  async decode({ src, info, sink }) {
    if (info.pcm) await streamPcm(src, info.pcm, sink)
    return { warnings: '' }
  },
} satisfies Decoder
