import fs from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) / TICKS_PER_SECOND
}

function statusField(pid: number, name: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
  return match ? Number(match[1]) * 1024 : 0
}

/** Current resident set size in bytes. */
export function rssBytes(pid: number): number {
  return statusField(pid, 'VmRSS')
}

/** Peak resident set size (VmHWM) in bytes. */
export function peakRssBytes(pid: number): number {
  return statusField(pid, 'VmHWM')
}

/** Bytes a process wrote: through write() calls (wchar) and to the block device (write_bytes). */
export interface IoCounters {
  wchar: number
  writeBytes: number
}

/** Reads /proc/<pid>/io. */
export function ioCounters(pid: number): IoCounters {
  const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8')
  const field = (key: string): number => Number(new RegExp(`${key}: (\\d+)`).exec(text)?.[1] ?? 0)
  return { wchar: field('wchar'), writeBytes: field('write_bytes') }
}

/** CPU seconds this (generator) process has used so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}
