import type { AnyExtension } from '@tiptap/core'
import { TableKit } from '@tiptap/extension-table'
import { StarterKit, type StarterKitOptions } from '@tiptap/starter-kit'
import { PlanDocument } from './nodes/planDocument.ts'
import { PlanHeader } from './nodes/planHeader.ts'
import { SafeImage } from './nodes/safeImage.ts'
import { SectionNodes } from './nodes/sections.ts'
import { ProcessStep, StepColumnNodes } from './nodes/teachingProcess.ts'
import { isSafeLinkHref } from './safeUrls.ts'

/** Options of the Link mark (from StarterKit). */
export type PlanLinkOptions = Exclude<StarterKitOptions['link'], false | undefined>

/**
 * Link configuration: only http, https, mailto and same-origin "/" targets are accepted when
 * parsing HTML, setting or autolinking a link, and unsafe ones are rendered with an empty href.
 * `protocols` stays empty: http, https and mailto are linkify built-ins, and registering them
 * again would only make linkify (a global registry) warn when a second editor is created.
 */
export const PLAN_LINK_OPTIONS: PlanLinkOptions = {
  protocols: [],
  defaultProtocol: 'https',
  autolink: true,
  linkOnPaste: true,
  openOnClick: false,
  isAllowedUri: (url) => isSafeLinkHref(url),
  HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow', class: null },
}

/** Heading levels allowed inside sections (h1 is the lesson title, h2 the section titles). */
export const HEADING_LEVELS = [3, 4] as const

/** Options of {@link planExtensions}. */
export interface PlanExtensionsOptions {
  /** True when Collaboration is added by the caller: drops StarterKit's own undo/redo. */
  collaboration?: boolean
}

/** The editor's extension list, shared by the browser editor and the server's derivations. */
export function planExtensions(options: PlanExtensionsOptions = {}): AnyExtension[] {
  const starterKit: Partial<StarterKitOptions> = {
    document: false,
    codeBlock: false,
    horizontalRule: false,
    trailingNode: false,
    heading: { levels: [...HEADING_LEVELS] },
    link: PLAN_LINK_OPTIONS,
  }
  if (options.collaboration) starterKit.undoRedo = false
  return [
    PlanDocument,
    PlanHeader,
    ...SectionNodes,
    ProcessStep,
    ...StepColumnNodes,
    StarterKit.configure(starterKit),
    TableKit,
    SafeImage,
  ]
}
