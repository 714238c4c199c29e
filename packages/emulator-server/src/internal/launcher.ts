/**
 * The launcher watch of `authlete-emulator`: stop when the package manager that started it goes away.
 *
 * `npx authlete-emulator &` and `pnpm emulator &` put a chain of processes between the shell and the emulator (npm or
 * pnpm, a `sh -c`, for `pnpm emulator` also tsx), and `kill $!` reaches only the first: npm and pnpm die without
 * passing the signal on, and the emulator would keep running, holding its port, its state unsaved. So at start the
 * emulator notes its ancestors up to the package manager (read from `/proc`), and every 250 ms checks they are still
 * there; when one is gone it sends itself SIGTERM, the shutdown of a real SIGTERM (drain, save, exit 0). Without
 * `/proc` (macOS), launched by a package manager (`npm_config_user_agent` set), it watches its parent instead: a new
 * parent means the old one died. Started any other way (a shell, `nohup`, a container's init, systemd) it watches
 * nothing, so the parent going away never stops it.
 */
import * as Fs from "node:fs"

/** How often the launcher is checked. */
const intervalMs = 250

/** Ancestors walked at most. */
const maxDepth = 8

const packageManager = /(?:^|[/\\\s])(?:npm|npx|pnpm|pnpx|yarn)(?:-cli)?(?:\.c?js)?(?:\s|$)/

/** Parent and command line of a process, from `/proc`; undefined without `/proc` or once the process is gone. */
const processOf = (pid: number): { readonly ppid: number; readonly command: string } | undefined => {
  try {
    const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
    const command = Fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\u0000", " ")
    return { ppid, command }
  } catch {
    return undefined
  }
}

/**
 * The ancestors to watch: from the parent up to the last package manager among the first {@link maxDepth} (included:
 * `npx -y pnpm@10 emulator` has two, and `kill` may reach either), or none if there is none. Undefined when `/proc`
 * cannot be read.
 */
export const launchersOf = (pid: number): ReadonlyArray<number> | undefined => {
  const self = processOf(pid)
  if (self === undefined) return undefined
  const chain: Array<number> = []
  let watched = 0
  let current = self.ppid
  for (let depth = 0; depth < maxDepth && current > 1; depth++) {
    const ancestor = processOf(current)
    if (ancestor === undefined) break
    chain.push(current)
    if (packageManager.test(ancestor.command)) watched = chain.length
    current = ancestor.ppid
  }
  return chain.slice(0, watched)
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, someone else's
    return typeof error === "object" && error !== null && "code" in error && error.code === "EPERM"
  }
}

/**
 * Calls `onGone` once when the launcher goes away; answers what is watched (for the log) and how to stop watching.
 * The timer does not keep the process alive.
 */
export const watch = (onGone: () => void): { readonly watched: ReadonlyArray<number>; readonly stop: () => void } => {
  const launchers = launchersOf(process.pid)
  const parent = process.ppid
  const check: (() => boolean) | undefined = launchers === undefined
    ? process.env["npm_config_user_agent"] === undefined ? undefined : () => process.ppid === parent
    : launchers.length === 0
    ? undefined
    : () => launchers.every(alive)
  if (check === undefined) return { watched: [], stop: () => {} }
  const timer = setInterval(() => {
    if (check()) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
  return { watched: launchers ?? [parent], stop: () => clearInterval(timer) }
}
