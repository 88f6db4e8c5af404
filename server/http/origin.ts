/**
 * Whether a browser-sent Origin may act on this server: the same origin as the request's Host,
 * or one listed in `ALLOWED_ORIGINS`.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowList: readonly string[],
): boolean {
  if (!origin || origin === 'null') return false
  if (allowList.includes(origin)) return true
  if (!host) return false
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host
  } catch {
    return false
  }
}

/** The client's address: the socket peer, or the last X-Forwarded-For hop behind a trusted proxy. */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
    const last = hops[hops.length - 1]
    if (last) return last
  }
  return socketAddress ?? 'unknown'
}
