/**
 * Time to import a long Word plan (~30 pages, written by LibreOffice from generated HTML):
 * parsing the .docx (mammoth + the section walk), building the plan JSON and its Y.Doc.
 *
 *   nice -n 19 npx tsx bench/planImport.ts
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { importedPlanJSON } from '../server/features/export/import/planFromBlocks.ts'
import { parseDocx } from '../server/features/export/index.ts'
import { jsonToYDoc } from '../shared/editor/derive.ts'
import { docxFromHtml, smallPng } from '../tests/helpers/wordPlans.ts'

const SENTENCE =
  '学生在教师引导下观察天平两边的变化，归纳等式的基本性质，并尝试用它解简单的一元一次方程。'

function paragraphs(count: number): string {
  return Array.from({ length: count }, (_, i) => `<p>${i + 1}. ${SENTENCE.repeat(3)}</p>`).join('')
}

/** A long plan: every section with many paragraphs, a 40-step process table, 6 images. */
function longPlanHtml(): string {
  const image = `<p><img src="data:image/png;base64,${smallPng().toString('base64')}" width="80" height="80"></p>`
  const titles = ['一、教材分析', '二、学情分析', '三、教学目标', '四、教学重难点', '五、教学准备']
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `<tr><td>环节${i + 1}（${(i % 9) + 1}分钟）</td><td>${SENTENCE.repeat(2)}</td><td>${SENTENCE}</td><td>${SENTENCE}</td></tr>`,
  ).join('')
  return `<html><head><meta charset="utf-8"></head><body>
<table border="1"><tr><td>学科</td><td>数学</td><td>年级</td><td>七年级</td></tr><tr><td>课题</td><td>一元一次方程</td><td>课时</td><td>2</td></tr></table>
${titles.map((title) => `<h2>${title}</h2>${paragraphs(18)}${image}`).join('')}
<h2>六、教学过程</h2><table border="1"><tr><th>教学环节</th><th>教师活动</th><th>学生活动</th><th>设计意图</th></tr>${rows}</table>
<h2>七、板书设计</h2>${paragraphs(6)}
<h2>八、作业布置</h2>${paragraphs(10)}
<h2>九、教学反思</h2>${paragraphs(12)}
</body></html>`
}

function pagesOf(docx: string, dir: string): number {
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
    stdio: 'ignore',
    env: { ...process.env, HOME: dir },
  })
  const info = execFileSync('pdfinfo', [docx.replace(/\.docx$/, '.pdf')], { encoding: 'utf8' })
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-bench-import-'))
const bytes = new Uint8Array(docxFromHtml(longPlanHtml(), dir, 'long'))
const pages = pagesOf(path.join(dir, 'long.docx'), dir)
const parse: number[] = []
const build: number[] = []
let summary = ''
for (let round = 0; round < 6; round += 1) {
  const start = performance.now()
  const parsed = await parseDocx(bytes)
  const parsedAt = performance.now()
  const ydoc = jsonToYDoc(importedPlanJSON(parsed.plan))
  const state = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  const end = performance.now()
  if (round > 0) {
    parse.push(parsedAt - start)
    build.push(end - parsedAt)
  }
  summary = `${parsed.plan.steps.length} steps, ${parsed.images.length} images, ${parsed.plan.unplaced.length} unplaced, Yjs state ${(state.byteLength / 1024).toFixed(1)} KiB`
}
fs.rmSync(dir, { recursive: true, force: true })
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
console.log(
  `| .docx of ${pages} pages, ${(bytes.byteLength / 1024).toFixed(0)} KiB (${summary}) | ${median(parse).toFixed(1)} | ${median(build).toFixed(1)} | ${Math.max(...parse.map((p, i) => p + (build[i] ?? 0))).toFixed(1)} |`,
)
