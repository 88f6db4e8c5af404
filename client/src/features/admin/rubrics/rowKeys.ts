import { useRef, useState } from 'react'

/** Stable React keys for rows that have no id of their own (scale levels, grades). */
export interface RowKeys {
  keys: number[]
  /** A key for a row added at the end. */
  add: () => void
  /** Drops the key of the row at `index`. */
  remove: (index: number) => void
}

/** Keys for `count` rows at first, kept in step with the rows' adds and removes. */
export function useRowKeys(count: number): RowKeys {
  const next = useRef(count)
  const [keys, setKeys] = useState(() => Array.from({ length: count }, (_, i) => i))
  return {
    keys,
    add: () => {
      const key = next.current
      next.current += 1
      setKeys((previous) => [...previous, key])
    },
    remove: (index) => setKeys((previous) => previous.filter((_, i) => i !== index)),
  }
}
