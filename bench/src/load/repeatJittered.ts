/**
 * Runs `action` again and again, `meanMs` apart on average: each gap is drawn uniformly from
 * half to one and a half times the mean, and the first one from zero to one mean. People do not
 * type like a metronome, and fixed intervals would also freeze the round's first random phases:
 * two writers that happen to start a few milliseconds apart would collide on every keystroke,
 * and the round's tail would measure that one coincidence. Returns a function that stops it.
 */
export function repeatJittered(meanMs: number, action: () => void): () => void {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      if (stopped) return
      action()
      schedule(meanMs * (0.5 + Math.random()))
    }, delay)
  }
  schedule(Math.random() * meanMs)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
