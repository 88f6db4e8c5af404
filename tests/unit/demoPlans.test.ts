import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_PLANS, loadDemoPlans } from '../../server/seed/demoPlans.ts'

const PLANS_DIR = path.resolve(import.meta.dirname, '../../server/seed/plans')

describe('demo plan files', () => {
  const folders: string[] = []
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true })
  })

  /** A folder holding a copy of the first plan file, changed by `edit`, under `name`. */
  function folderWith(name: string, edit: (plan: Record<string, unknown>) => void): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-plans-'))
    folders.push(folder)
    const [first] = fs.readdirSync(PLANS_DIR).sort()
    if (!first) throw new Error('no plan files')
    const plan = JSON.parse(fs.readFileSync(path.join(PLANS_DIR, first), 'utf8'))
    edit(plan)
    fs.writeFileSync(path.join(folder, name), JSON.stringify(plan))
    return folder
  }

  it('lists the 24 plans in the order of their file numbers, each file named after its key', () => {
    const files = fs.readdirSync(PLANS_DIR).sort()
    expect(DEMO_PLANS).toHaveLength(24)
    expect(files.map((file) => file.replace(/^\d+-|\.json$/g, ''))).toEqual(
      DEMO_PLANS.map((plan) => plan.key),
    )
  })

  it('refuses a plan file that does not match the DemoPlan type, naming the file', () => {
    const folder = folderWith('01-math7-rational-numbers.json', (plan) => {
      plan.periodMinutes = 50
    })
    expect(() => loadDemoPlans(folder)).toThrow(/01-math7-rational-numbers\.json/)
  })

  it("refuses a plan whose steps' minutes do not add up to the period", () => {
    const folder = folderWith('01-math7-rational-numbers.json', (plan) => {
      plan.periodMinutes = 40
    })
    expect(() => loadDemoPlans(folder)).toThrow(/periodMinutes/)
  })

  it("refuses a file whose name does not end with the plan's key", () => {
    const folder = folderWith('01-another-key.json', () => {})
    expect(() => loadDemoPlans(folder)).toThrow(/key/)
  })
})
