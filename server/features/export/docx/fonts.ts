/** Fonts and sizes of the exported plan (Chinese school conventions: 宋体 body, 黑体 headings). */

/** Body font: 宋体 for Chinese, Times New Roman for Latin text. */
export const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }

/** Heading font: 黑体 for Chinese, Arial for Latin text. */
export const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' }

/** Body size in half-points (小四, 12 pt). */
export const BODY_SIZE = 24

/** Table text size in half-points (五号, 10.5 pt). */
export const TABLE_SIZE = 21

/** A4 in twips, with 2.54 cm top/bottom and 3.17 cm left/right margins (Word's default for A4). */
export const PAGE = {
  width: 11906,
  height: 16838,
  marginTopBottom: 1440,
  marginLeftRight: 1800,
}

/** Width of the text area in twips. */
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.marginLeftRight

/** Widest an embedded image may be, in pixels (96 dpi: the text width). */
export const MAX_IMAGE_PX = Math.floor((TEXT_WIDTH / 1440) * 96)
