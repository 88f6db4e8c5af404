import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { fillEmptySections } from '../../../../../shared/editor/fillEmptySections.ts'

/** Refills sections that a merge of concurrent deletions left empty, so they can hold a cursor. */
export const KeepSectionsFilled = Extension.create({
  name: 'keepSectionsFilled',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepSectionsFilled'),
        appendTransaction: (transactions, _oldState, newState) =>
          transactions.some((transaction) => transaction.docChanged)
            ? fillEmptySections(newState)
            : null,
      }),
    ]
  },
})
