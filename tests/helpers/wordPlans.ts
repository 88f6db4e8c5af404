/** Word plans for tests and benches: HTML converted to .docx by LibreOffice. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** A 4×4 red PNG. */
export function smallPng(): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(4, 0)
  header.writeUInt32BE(4, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.from([0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat([row, row, row, row]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A Word plan as LibreOffice writes it from HTML: variant headings, tables and an image. */
export function planHtml(png: Buffer): string {
  const image = `data:image/png;base64,${png.toString('base64')}`
  return `<html><head><meta charset="utf-8"></head><body>
<table border="1"><tr><td>学科</td><td>数学</td><td>年级</td><td>七年级</td></tr>
<tr><td>课题</td><td>一元一次方程</td><td>课时</td><td>2</td></tr></table>
<p>这是一段无法归类的前言。</p>
<h2>一、教材分析</h2><p>本节是方程的起点。</p>
<h2>二、教学目的</h2><p>理解方程的概念。</p>
<p><b>（三）教学重难点</b></p><p>列方程解应用题。</p>
<h2>四、教学过程</h2>
<table border="1"><tr><th>教学环节</th><th>教师活动</th><th>学生活动</th><th>设计意图</th></tr>
<tr><td>导入（5分钟）</td><td>提出天平问题</td><td>观察思考</td><td>激发兴趣</td></tr>
<tr><td>新授 25'</td><td>讲解等式性质</td><td>尝试练习</td><td>掌握方法</td></tr>
<tr><td>小结(5min)</td><td>归纳</td><td>交流</td><td>形成结构</td></tr></table>
<h2>板书</h2><p>方程 = 含未知数的等式</p><p><img src="${image}" width="40" height="40"></p>
<h2>5. 作业布置</h2><p>课本第 83 页习题。</p>
</body></html>`
}

/** A Word plan whose 4-column 教学过程 table holds an image in a step's 教师活动 cell. */
export function processImageHtml(png: Buffer): string {
  const image = `data:image/png;base64,${png.toString('base64')}`
  return `<html><head><meta charset="utf-8"></head><body>
<h2>教学目标</h2><p>会用天平模型解释等式的性质。</p>
<h2>教学过程</h2>
<table border="1"><tr><th>教学环节</th><th>教师活动</th><th>学生活动</th><th>设计意图</th></tr>
<tr><td>导入（5分钟）</td><td><p>出示天平图片</p><p><img src="${image}" width="40" height="40"></p></td><td>观察</td><td>直观引入</td></tr>
<tr><td>新授（30分钟）</td><td>讲解等式性质</td><td>练习</td><td>掌握方法</td></tr></table>
</body></html>`
}

/** Converts HTML to .docx with LibreOffice; returns the file's bytes. */
export function docxFromHtml(html: string, dir: string, name = 'plan'): Buffer {
  const source = path.join(dir, `${name}.html`)
  fs.writeFileSync(source, html)
  execFileSync(
    'nice',
    [
      '-n',
      '19',
      'soffice',
      '--headless',
      '--convert-to',
      'docx:MS Word 2007 XML',
      '--outdir',
      dir,
      source,
    ],
    { stdio: 'ignore', env: { ...process.env, HOME: dir } },
  )
  return fs.readFileSync(path.join(dir, `${name}.docx`))
}
