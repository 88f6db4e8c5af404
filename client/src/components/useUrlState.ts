import { useCallback } from 'react'
import { useSearchParams } from 'react-router'

/** Reads and changes a page's state kept in the URL's search parameters. */
export interface UrlState {
  /** The value of `key`, or undefined when it is not in the URL. */
  get(key: string): string | undefined
  /** Sets (or, with undefined or '', removes) the given keys; replaces the history entry. */
  set(changes: Record<string, string | undefined>): void
}

/**
 * A page's tab, filters and search kept in the URL (`?tab=groups&q=…`), so Back and a shared
 * link bring them back. Changes replace the current history entry instead of adding one.
 */
export function useUrlState(): UrlState {
  const [params, setParams] = useSearchParams()
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params])
  const set = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        () => {
          // From the address bar, not from the last render: a change made before the previous
          // one was rendered (a tab click, then a search at once) must not drop the previous
          // one. The router writes the address at once but renders it later (a transition),
          // and the updater's argument is the rendered parameters.
          const next = new URLSearchParams(window.location.search)
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key)
            else next.set(key, value)
          }
          return next
        },
        { replace: true },
      ),
    [setParams],
  )
  return { get, set }
}
