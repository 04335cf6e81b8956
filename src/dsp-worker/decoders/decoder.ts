/**
 * The one interface every decoder implements. A decoder says whether it is present on this machine,
 * whether it takes a probed file, and streams that file's first two channels, as float32 planar chunks
 * at the file's native sample rate, into the analysis' sink. The registry (`index.ts`) tries them in
 * order; adding a decoder is one file exporting a `Decoder` plus one line in `DECODERS`.
 */
import type { FileSource } from '../file-source'
import type { PcmSink } from '../pcm'
import type { ProbeResult } from '../probe'

/** One file to decode: what the prober found, the open file, and where the samples go. */
export interface DecodeJob {
  path: string
  src: FileSource
  info: ProbeResult
  /** Receives every chunk: the first two channels (right === left for mono) at `info.sampleRate`. */
  sink: PcmSink
}

interface DecodeOutcome {
  /** What the decoder reported about damaged data it skipped on the way; "" when clean. */
  warnings: string
}

export interface Decoder {
  /** The name used by SOUNDPRINT_DECODER, `fingerprint --decoder` and the benchmarks. */
  readonly name: string
  /** One line for the help text and the benchmark. */
  readonly description: string
  /**
   * 'stream': memory stays constant whatever the file's length. 'whole-file': the whole file is
   * decoded in memory, so the automatic choice gives it only short files, or files no streaming
   * decoder after it could take.
   */
  readonly memory: 'stream' | 'whole-file'
  /** null when the decoder can run here, else why not (one line). */
  unavailable(): string | null
  /** Whether it can decode this probed file. */
  accepts(info: ProbeResult): boolean
  /**
   * Streams the file into `job.sink`. Throws DecoderDeclined to hand the file on to the next decoder
   * (the registry starts the sink over if samples were delivered), or AnalysisError when the file
   * itself is at fault.
   */
  decode(job: DecodeJob): Promise<DecodeOutcome>
}

/** The decoder cannot read this file after all; another one may. */
export class DecoderDeclined extends Error {
  /**
   * true: the decoder does not support what the file holds (codec, layout, a format change midway);
   * false: the data looked damaged to it.
   */
  readonly unsupported: boolean
  constructor(message: string, unsupported: boolean) {
    super(message)
    this.unsupported = unsupported
  }
}
