/**
 * The Chromium / Chrome / Edge command line for a separate profile that uses the PAC file, for
 * people who start the browser themselves (connect --open does this for them). The line is meant
 * to be pasted into a POSIX shell: every argument is single-quoted unless it is plain, and no
 * argument may carry control characters (they would act on the terminal it is printed to).
 */
import {checkPath, UnsafeValueError} from './safe-values.js'

/** One POSIX shell word: plain, or in single quotes (inside which only `'` needs care). */
export const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`)

export function chromeCommandLine(options: {browser?: string; pacUrl: string; profile: string; url?: string}): string {
  const browser = checkPath('the browser path', options.browser ?? 'chromium')
  const profile = checkPath('the browser profile directory', options.profile)
  const url = (where: string, text: string) => {
    // http://host:port/… built from checked values; anything else is refused rather than quoted.
    if (!/^http:\/\/(\[[0-9a-f:.]+\]|[A-Za-z0-9_.-]+):[0-9]{1,5}\/[A-Za-z0-9_./-]*$/i.test(text)) {
      throw new UnsafeValueError(where, text, 'expected an http://host:port/ URL')
    }
    return text
  }
  const args = [
    browser,
    `--user-data-dir=${profile}`,
    `--proxy-pac-url=${url('the PAC URL', options.pacUrl)}`,
    '--no-first-run',
    '--no-default-browser-check',
    ...(options.url ? [url('the landing page URL', options.url)] : []),
  ]
  return `${args.map(shellQuote).join(' ')}\n`
}
