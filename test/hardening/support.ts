/** Helpers for the hardening tests: a process's resident memory and open fds, and bounded clients. */
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {connect} from 'node:net'
import {GREETING, socks5Request} from '../tunnel/support/socks-raw.js'

export interface ProcessStats {
  rssMiB: number
  fds: number
}

/** VmRSS and the number of open file descriptors of a live process (Linux /proc). */
export function processStats(pid: number): ProcessStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN)
  return {rssMiB: Math.round(rssKiB / 1024), fds: readdirSync(`/proc/${pid}/fd`).length}
}

export type Path = 'socks' | 'http-proxy' | 'forward'

/**
 * One aborted download: ask for 64 MiB, read a little (64 KiB), then destroy the socket (a closed
 * tab, a client timeout). Resolves when the socket is closed; bounded by 15 s.
 */
export function abortedDownload(path: Path, port: number, host: string, webPort: number): Promise<number> {
  const target = `/bytes?n=${64 * 1024 * 1024}`
  const request =
    path === 'socks'
      ? Buffer.concat([GREETING, socks5Request(1, host, webPort), Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${host}:${webPort}\r\n\r\n`)])
      : path === 'http-proxy'
        ? Buffer.from(`GET http://${host}:${webPort}${target} HTTP/1.1\r\nHost: ${host}:${webPort}\r\n\r\n`)
        : Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${host}:${webPort}\r\n\r\n`)
  return new Promise((resolve) => {
    let received = 0
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    const timer = setTimeout(() => socket.destroy(), 15_000)
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received >= 64 * 1024) socket.destroy()
    })
    socket.on('error', () => undefined)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(received)
    })
  })
}

export interface CurlResult {
  code: number | null
  sizeDownload: number
  elapsedMs: number
  stderr: string
}

/** curl with a hard bound (--max-time, then SIGKILL); `-w %{size_download}`. */
export function curl(args: string[], maxTimeSeconds = 60): Promise<CurlResult> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{size_download}', '--max-time', String(maxTimeSeconds), ...args], {stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), (maxTimeSeconds + 10) * 1000)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, sizeDownload: Number(stdout) || 0, elapsedMs: Date.now() - started, stderr})
    })
  })
}

/** The pid and every descendant of it (Linux /proc), e.g. an sshd listener and its sessions. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root]
  for (let index = 0; index < tree.length && tree.length < 1000; index += 1) tree.push(...(parents.get(tree[index]!) ?? []))
  return tree
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
