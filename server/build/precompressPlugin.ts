import path from 'node:path'
import type { Plugin } from 'vite'
import {
  COMPRESSIBLE_EXTENSIONS,
  type CompressedSizes,
  precompressFile,
} from '../http/precompressed.ts'

/** Assets smaller than this are served as they are: compressing them gains nothing. */
const MIN_BYTES = 1024

/**
 * Vite plugin: after the bundle is written, stores a brotli and a gzip copy of every hashed
 * asset (`assets/*.js`, `*.css`, …) next to it, so that the server sends them without
 * compressing on each request; logs the sizes of the biggest ones.
 */
export function precompressAssets(): Plugin {
  return {
    name: 'jibei-precompress-assets',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist'
      const sizes: CompressedSizes[] = []
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!fileName.startsWith('assets/')) continue
        if (!COMPRESSIBLE_EXTENSIONS.includes(path.extname(fileName))) continue
        const length =
          output.type === 'chunk' ? Buffer.byteLength(output.code) : output.source.length
        if (length < MIN_BYTES) continue
        sizes.push(await precompressFile(path.join(outDir, fileName)))
      }
      sizes.sort((a, b) => b.raw - a.raw)
      const kib = (bytes: number | null) =>
        bytes === null ? '-' : `${(bytes / 1024).toFixed(1)} KiB`
      for (const size of sizes.slice(0, 3)) {
        this.info(
          `${path.basename(size.file)}: ${kib(size.raw)} raw, ${kib(size.gzip)} gzip, ${kib(size.br)} br`,
        )
      }
    },
  }
}
