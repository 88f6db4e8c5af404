/**
 * URL allow-lists for links and images, applied by the editor schema (parse and render), exports
 * and any HTML the server produces. Entity decoding is the HTML parser's job, not ours.
 */

/** Schemes a link may use. */
export const SAFE_LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto']

/** Schemes an image source may use (besides same-origin `/uploads/` paths). */
export const SAFE_IMAGE_SCHEMES: readonly string[] = ['http', 'https']

/** Path prefix of same-origin uploaded images. */
export const UPLOADS_PREFIX = '/uploads/'

// Whitespace and control characters browsers strip or ignore inside a URL ("java\nscript:").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const IGNORED_CHARS = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g
const SCHEME = /^([a-z][a-z0-9+.-]*):/i

/** The URL with every whitespace and control character removed, as a browser would read it. */
function compact(url: string): string {
  return url.replace(IGNORED_CHARS, '')
}

/** Lower-case scheme of a compacted URL, or null when it has none. */
function schemeOf(compacted: string): string | null {
  const match = SCHEME.exec(compacted)
  return match?.[1] ? match[1].toLowerCase() : null
}

/** Whether a compacted URL is a same-origin absolute path ("/x", not "//host" or "/\host"). */
function isRootRelative(compacted: string): boolean {
  return compacted.startsWith('/') && compacted[1] !== '/' && compacted[1] !== '\\'
}

/** Whether `href` may be a link target: http(s), mailto, or a same-origin path starting with "/". */
export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== 'string') return false
  const compacted = compact(href)
  if (compacted === '') return false
  const scheme = schemeOf(compacted)
  if (scheme !== null) return SAFE_LINK_SCHEMES.includes(scheme)
  return isRootRelative(compacted)
}

/** Whether `src` may be an image source: http(s), or a path under /uploads/ without "..". */
export function isSafeImageSrc(src: unknown): src is string {
  if (typeof src !== 'string') return false
  const compacted = compact(src)
  const scheme = schemeOf(compacted)
  if (scheme !== null) return SAFE_IMAGE_SCHEMES.includes(scheme)
  if (!compacted.startsWith(UPLOADS_PREFIX) || compacted.includes('\\')) return false
  const path = compacted.split(/[?#]/, 1)[0] ?? ''
  return !/(^|\/)(\.|%2e){2}(\/|$)/i.test(path)
}
