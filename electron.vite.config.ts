import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * Three targets:
 * - main: the Electron entry plus the Node-only entries that share the same core (the CLI and the
 *   DSP worker), all as ES modules in out/main; dependencies stay external (node_modules).
 * - preload: CommonJS, because sandboxed preload scripts cannot be ES modules.
 * - renderer: the React app, served by Electron from out/renderer and by `soundprint serve`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
          worker: resolve('src/dsp-worker/worker.ts'),
          'bench-child': resolve('src/dsp-worker/bench-child.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
})
