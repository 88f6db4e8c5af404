import { Input } from 'antd'
import { useEffect, useState } from 'react'

/**
 * A search box whose submitted value lives in the URL (`value`). What the teacher types is kept
 * in the box itself, so nothing typed is lost while the page follows a previous search; the box
 * follows the URL when it changes (Back, a link to the bare page).
 */
export function UrlSearchInput({
  value,
  onSearch,
  placeholder,
  width,
  testId,
}: {
  value: string | undefined
  onSearch: (value: string) => void
  placeholder: string
  width: number
  testId: string
}) {
  const [draft, setDraft] = useState(value ?? '')
  useEffect(() => setDraft(value ?? ''), [value])
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onSearch={onSearch}
      style={{ width }}
      data-testid={testId}
    />
  )
}
