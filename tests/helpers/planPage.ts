/** Browser-side helpers for the plan editor page (e2e tests). */
import type { Page } from 'playwright-core'

/**
 * Types at the end of the first paragraph of a section. The click is checked (a colleague's
 * typing can shift the page between locating and clicking) and repeated if it missed.
 */
export async function typeInSection(
  page: Page,
  section: string,
  text: string,
  delay = 15,
): Promise<void> {
  const paragraph = page.locator(`section[data-section="${section}"] .section-body p`).first()
  for (let attempt = 0; attempt < 5; attempt++) {
    await paragraph.click()
    await page.keyboard.press('End')
    const inside = await page.evaluate((key) => {
      const anchor = window.getSelection()?.anchorNode
      const element = anchor instanceof Element ? anchor : anchor?.parentElement
      return element?.closest('section[data-section]')?.getAttribute('data-section') === key
    }, section)
    if (inside) break
  }
  await page.keyboard.type(text, { delay })
}

/** The visible text of a section's body. */
export function sectionText(page: Page, section: string): Promise<string> {
  return page.locator(`section[data-section="${section}"] .section-body`).innerText()
}

/** The plan's text without the colleagues' caret labels (which differ per viewer). */
export function planText(page: Page): Promise<string> {
  return page.getByTestId('plan-editor').evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return copy.textContent ?? ''
  })
}
