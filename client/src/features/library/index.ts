import { lazy } from 'react'

// Library: the shared library, its entries, review before publication and provenance.
export { LibraryPage } from './LibraryPage.tsx'
export { LibraryReviewPage } from './LibraryReviewPage.tsx'
export { ProvenanceBanner } from './ProvenanceBanner.tsx'
export { PublishButton } from './PublishButton.tsx'
export { ReviewNavLink } from './ReviewNavLink.tsx'

/** `/library/<entryId>`, loaded when an entry is first opened. */
export const LibraryEntryPage = lazy(async () => ({
  default: (await import('./LibraryEntryPage.tsx')).LibraryEntryPage,
}))
