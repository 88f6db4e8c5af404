import { Extension, InputRule } from '@tiptap/core'

/** "2. " typed at the start of a line; the same pattern as the ordered list's input rule. */
const TYPED_NUMBER = /^(\d+)\.\s$/

/**
 * Typing "2. " at the start of an item of a numbered list only removes what was typed (the list
 * already numbers the item), instead of nesting a second list and showing "2. 2.". Outside a
 * numbered list the ordered list's own input rule runs as before.
 */
export const ListNumberInput = Extension.create({
  name: 'listNumberInput',
  // Before the ordered list's rule (priority 100): the first rule that changes something wins.
  priority: 200,

  addInputRules() {
    return [
      new InputRule({
        find: TYPED_NUMBER,
        handler: ({ state, range }) => {
          const { $from } = state.selection
          const depth = $from.depth
          if (depth < 3) return null
          const item = $from.node(depth - 1)
          const list = $from.node(depth - 2)
          const atItemStart = $from.index(depth - 1) === 0
          if (item.type.name !== 'listItem' || list.type.name !== 'orderedList' || !atItemStart)
            return null
          state.tr.delete(range.from, range.to)
        },
      }),
    ]
  },
})
