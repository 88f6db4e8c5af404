/** What a one-time link is for: the first-run set-up, or signing in to choose a password. */
export const ONE_TIME_LINK_PURPOSES = ['setup', 'sign_in'] as const
/** A one-time link's purpose. */
export type OneTimeLinkPurpose = (typeof ONE_TIME_LINK_PURPOSES)[number]

/**
 * The client page each kind of link opens. The secret travels in the URL fragment
 * (`/welcome#<secret>`), which browsers never send to the server nor put in a Referer.
 */
export const ONE_TIME_LINK_PATHS: Record<OneTimeLinkPurpose, string> = {
  setup: '/setup',
  sign_in: '/welcome',
}

/** How long a sign-in link stays valid: a week, time enough for a roster to reach everyone. */
export const SIGN_IN_LINK_TTL_MS = 7 * 24 * 3600_000

/** How long the first-run set-up link stays valid (a new one is printed at every start). */
export const SETUP_LINK_TTL_MS = 24 * 3600_000

/** The full URL of a one-time link, from the server's public origin (no trailing slash). */
export function oneTimeLinkUrl(
  origin: string,
  purpose: OneTimeLinkPurpose,
  secret: string,
): string {
  return `${origin.replace(/\/$/, '')}${ONE_TIME_LINK_PATHS[purpose]}#${secret}`
}
