/**
 * A minimal WebAssembly assembler for the analysis's hand-written SIMD kernels
 * (`time-domain-kernel.ts`, `halfband-kernel.ts`): byte encoders for the few sections and
 * instructions they use, so a kernel is a readable instruction list in TypeScript with no toolchain
 * and nothing to fetch. Opcodes follow the WebAssembly 2.0 core spec (SIMD: the 0xfd prefix).
 */

/** Unsigned LEB128. */
const uleb = (v: number): number[] => {
  const out: number[] = []
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
export const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))]

// Locals and scalar i32 arithmetic.
export const get = (i: number) => [0x20, i]
export const set = (i: number) => [0x21, i]
export const i32Const = (v: number) => [0x41, ...uleb(v)] // small non-negative values only
export const i32Add = [0x6a]
export const i32Sub = [0x6b]
export const i32Shl = [0x74]
export const i32GeU = [0x4f]

// Memory.
const memarg = (offset: number, align: number) => [align, ...uleb(offset)]
export const f32Load = (offset = 0) => [0x2a, ...memarg(offset, 2)]
export const promote = [0xbb] // f64.promote_f32
export const f32Const = (v: number) => {
  const b = new Uint8Array(new Float32Array([v]).buffer)
  return [0x43, ...b]
}

// SIMD.
export const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm]
/** v128.load with a 16-byte alignment hint (the address must then be 16-byte aligned for speed only). */
export const v128Load = (offset: number, align = 4) => simd(0x00, ...memarg(offset, align))
export const v128Store = (offset: number, align = 4) => simd(0x0b, ...memarg(offset, align))
export const i8x16Shuffle = (...lanes: number[]) => simd(0x0d, ...lanes)
export const f32x4Splat = simd(0x13)
export const f32x4Add = simd(0xe4)
export const f32x4Mul = simd(0xe6)
export const f32x4Lt = simd(0x43)
export const f32x4Pmin = simd(0xea) // b < a ? b : a (minps)
export const f32x4Pmax = simd(0xeb) // a < b ? b : a (maxps)
export const i32x4Splat = simd(0x11)
export const i32x4GtS = simd(0x3b)
export const i32x4Sub = simd(0xb1)
export const v128And = simd(0x4e)
export const f64x2Splat = simd(0x14)
export const f64x2ReplaceLane1 = simd(0x22, 1)
export const f64x2Add = simd(0xf0)
export const f64x2Sub = simd(0xf1)
export const f64x2Mul = simd(0xf2)
export const f64x2Abs = simd(0xec)
export const f64x2Pmax = simd(0xf7) // b > a ? b : a (maxpd)

/** `loop { if (get(ptr) >= get(end)) break; body }` — the body must advance `ptr`. */
export const whileBelow = (ptr: number, end: number, body: number[]) => [
  0x02,
  0x40, // block
  0x03,
  0x40, // loop
  ...get(ptr),
  ...get(end),
  ...i32GeU,
  0x0d,
  1, // br_if out of the block
  ...body,
  0x0c,
  0, // br to the loop
  0x0b,
  0x0b,
]

/** `ptr += step` */
export const advance = (ptr: number, step: number) => [...get(ptr), ...i32Const(step), ...i32Add, ...set(ptr)]

interface WasmFunction {
  name: string
  /** Number of i32 parameters (the function returns nothing). */
  params: number
  /** [count, valtype] groups: 0x7f i32, 0x7b v128. */
  locals: [number, number][]
  body: number[]
}

/** A module with one imported memory (`env.memory`, ≥ 1 page) exporting `functions` under their names. */
export function moduleWithFunctions(functions: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const signature = (params: number) => [0x60, ...vec(Array.from({ length: params }, () => [0x7f])), ...vec([])]
  const code = (f: WasmFunction) => {
    const c = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, 0x0b]
    return [...uleb(c.length), ...c]
  }
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(functions.map((f) => signature(f.params)))), // one type per function
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map(code))),
  ]
  return new Uint8Array(bytes)
}

/** A module exporting the one function `fn` (see `moduleWithFunctions`). */
export function moduleWithOneFunction(fn: string, params: number, locals: [number, number][], body: number[]) {
  return moduleWithFunctions([{ name: fn, params, locals, body }])
}

let simdAvailable: boolean | undefined

/** Whether this runtime validates WebAssembly SIMD (a function with a v128 local). */
export function wasmSimdAvailable(): boolean {
  if (simdAvailable === undefined) {
    try {
      simdAvailable = WebAssembly.validate(moduleWithOneFunction('probe', 0, [[1, 0x7b]], []))
    } catch {
      simdAvailable = false
    }
  }
  return simdAvailable
}

/** Grows `memory` to at least `bytes` (whole 64 KiB pages); typed-array views on it must then be re-made. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536))
}
