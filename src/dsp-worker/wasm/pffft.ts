/**
 * The WebAssembly SIMD backend of `RealFFT`: PFFFT (Julien Pommier's "pretty fast FFT", BSD licence)
 * as compiled by the pinned npm package `@echogarden/pffft-wasm` (its `dist/simd/pffft.wasm`).
 *
 * It runs the STFTs, most of the analysis time, in float32 SIMD (measured gain and why float32 is
 * enough: docs/analysis-performance.md).
 *
 * The module is instantiated synchronously, here, from its bytes (the package's own loader is
 * asynchronous): the three functions it imports are the Emscripten runtime's assertion handler, heap
 * growth and memcpy, provided below. Export names are minified in the build, so the version is pinned
 * exactly in package.json and `loadPffft` checks the module before trusting it: it must have exactly
 * the expected imports and exports and transform a test frame to the reference DFT; otherwise (or
 * where WebAssembly SIMD is missing) it returns null and `RealFFT` falls back to the JS transform.
 *
 * Layout of PFFFT's ordered real output (`pffft_transform_ordered`, forward, unscaled like our DFT):
 * out[0] = X[0], out[1] = X[n/2] (both real), out[2k], out[2k+1] = Re X[k], Im X[k] for 0 < k < n/2.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** Raw exports of the module, by their meaning (the build minifies the names; see EXPORTS). */
interface PffftExports {
  memory: WebAssembly.Memory
  callCtors(): void
  alignedMalloc(bytes: number): number
  newSetup(n: number, transform: number): number
  transformOrdered(setup: number, input: number, output: number, work: number, direction: number): void
}

/** Minified export names of @echogarden/pffft-wasm 0.4.2 (from its Emscripten glue, `dist/simd/pffft.js`). */
const EXPORTS = { memory: 'd', callCtors: 'e', alignedMalloc: 'f', newSetup: 'k', transformOrdered: 'p' } as const
const PFFFT_REAL = 0
const PFFFT_FORWARD = 0

let loaded: PffftExports | null | undefined

function wasmPath(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@echogarden/pffft-wasm/simd')), 'pffft.wasm')
}

function instantiate(): PffftExports {
  const module = new WebAssembly.Module(readFileSync(wasmPath()))
  const imports = WebAssembly.Module.imports(module)
    .map((i) => `${i.module}.${i.name}:${i.kind}`)
    .join(',')
  if (imports !== 'a.a:function,a.b:function,a.c:function') throw new Error(`unexpected PFFFT imports ${imports}`)
  let memory: WebAssembly.Memory | null = null
  const bytes = () => new Uint8Array((memory as WebAssembly.Memory).buffer)
  const instance = new WebAssembly.Instance(module, {
    a: {
      // __assert_fail(condition, file, line, function)
      a: (_c: number, _f: number, line: number) => {
        throw new Error(`PFFFT assertion failed (pffft.c line ${line})`)
      },
      // emscripten_resize_heap(requestedBytes): grow to at least the request, in 64 KiB pages
      b: (requested: number) => {
        const m = memory as WebAssembly.Memory
        const need = (requested >>> 0) - m.buffer.byteLength
        if (need <= 0) return 1
        try {
          m.grow(Math.ceil(need / 65536))
          return 1
        } catch {
          return 0
        }
      },
      // _emscripten_memcpy_js(dest, src, n)
      c: (dest: number, src: number, n: number) => {
        bytes().copyWithin(dest, src, src + n)
      },
    },
  })
  const e = instance.exports as Record<string, unknown>
  for (const name of Object.values(EXPORTS)) {
    if (!(name in e)) throw new Error(`PFFFT export ${name} missing`)
  }
  memory = e[EXPORTS.memory] as WebAssembly.Memory
  const x: PffftExports = {
    memory,
    callCtors: e[EXPORTS.callCtors] as () => void,
    alignedMalloc: e[EXPORTS.alignedMalloc] as (b: number) => number,
    newSetup: e[EXPORTS.newSetup] as (n: number, t: number) => number,
    transformOrdered: e[EXPORTS.transformOrdered] as PffftExports['transformOrdered'],
  }
  x.callCtors()
  return x
}

/**
 * One PFFFT real forward transform of size n with its own input/output/work buffers in the module's
 * memory. `input()` is the view to fill, `run()` transforms it, `output()` is the ordered spectrum.
 */
export class PffftReal {
  private readonly inPtr: number
  private readonly outPtr: number
  private readonly workPtr: number
  private readonly setup: number
  private inView: Float32Array
  private outView: Float32Array

  constructor(
    private readonly x: PffftExports,
    readonly size: number,
  ) {
    this.setup = x.newSetup(size, PFFFT_REAL)
    this.inPtr = x.alignedMalloc(4 * size)
    this.outPtr = x.alignedMalloc(4 * size)
    this.workPtr = x.alignedMalloc(4 * size)
    if (!this.setup || !this.inPtr || !this.outPtr || !this.workPtr) throw new Error('PFFFT out of memory')
    this.inView = new Float32Array(0)
    this.outView = new Float32Array(0)
    this.views()
  }

  /** (Re)creates the views; needed after the module's memory grew (which detaches the old buffer). */
  private views(): void {
    const buffer = this.x.memory.buffer
    this.inView = new Float32Array(buffer, this.inPtr, this.size)
    this.outView = new Float32Array(buffer, this.outPtr, this.size)
  }

  /** The input frame to fill before `run`. */
  input(): Float32Array {
    if (this.inView.length === 0) this.views()
    return this.inView
  }

  /** Transforms the input frame; returns the ordered spectrum (valid until the next call). */
  run(): Float32Array {
    this.x.transformOrdered(this.setup, this.inPtr, this.outPtr, this.workPtr, PFFFT_FORWARD)
    if (this.outView.length === 0) this.views()
    return this.outView
  }
}

const shared = new Map<number, PffftReal>()

/**
 * The process's PFFFT transform of size n (created once: the module's heap is never freed, so every
 * analysis of every file reuses the same setups and frames; the analysis is single-threaded and each
 * transform is filled, run and read without yielding).
 */
export function sharedPffft(x: PffftExports, n: number): PffftReal {
  let f = shared.get(n)
  if (!f) {
    f = new PffftReal(x, n)
    shared.set(n, f)
  }
  return f
}

/** Checks a transform against the direct DFT of a test frame (max error relative to the peak). */
function selfTest(x: PffftExports): boolean {
  const n = 64
  const f = new PffftReal(x, n)
  const input = f.input()
  for (let j = 0; j < n; j++) input[j] = Math.sin(0.37 * j * j) + 0.25 * Math.cos(1.1 * j)
  const frame = Array.from(input)
  const out = f.run()
  let worst = 0
  for (let k = 0; k <= n / 2; k++) {
    let re = 0
    let im = 0
    for (let j = 0; j < n; j++) {
      re += (frame[j] as number) * Math.cos((2 * Math.PI * j * k) / n)
      im -= (frame[j] as number) * Math.sin((2 * Math.PI * j * k) / n)
    }
    const gotRe = k === 0 ? out[0] : k === n / 2 ? out[1] : out[2 * k]
    const gotIm = k === 0 || k === n / 2 ? 0 : out[2 * k + 1]
    worst = Math.max(worst, Math.abs((gotRe as number) - re), Math.abs((gotIm as number) - im))
  }
  return worst < 1e-4 * n
}

/**
 * The PFFFT module, instantiated and checked once per process; null where it cannot be used (no
 * WebAssembly SIMD, the package missing, or a build that fails the check), or when
 * SOUNDPRINT_FFT=js asks for the JS transform.
 */
export function loadPffft(): PffftExports | null {
  if (loaded !== undefined) return loaded
  loaded = null
  if (process.env.SOUNDPRINT_FFT === 'js') return null
  try {
    const x = instantiate()
    if (selfTest(x)) loaded = x
  } catch {
    loaded = null
  }
  return loaded
}
