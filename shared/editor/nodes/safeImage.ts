import { mergeAttributes } from '@tiptap/core'
import { Image } from '@tiptap/extension-image'
import { isSafeImageSrc } from '../safeUrls.ts'

/**
 * Block image that accepts only http(s) and `/uploads/` sources: an unsafe `<img>` is not
 * parsed at all, and an unsafe `src` that reached the document anyway renders as empty.
 */
export const SafeImage = Image.extend({
  parseHTML() {
    return [
      {
        tag: 'img[src]',
        getAttrs: (element) => (isSafeImageSrc(element.getAttribute('src')) ? null : false),
      },
    ]
  },

  renderHTML({ HTMLAttributes }) {
    const src: unknown = HTMLAttributes.src
    return [
      'img',
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, {
        src: isSafeImageSrc(src) ? src : '',
      }),
    ]
  },
}).configure({ inline: false, allowBase64: false })
