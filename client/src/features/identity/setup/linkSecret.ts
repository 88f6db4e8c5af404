/** The one-time link's secret from the URL fragment (`#<secret>`); '' when there is none. */
export function linkSecretFromHash(hash: string): string {
  return hash.replace(/^#/, '').trim()
}
