/**
 * The Chromium / Chrome / Edge command line for a separate profile that uses the PAC file, for
 * people who start the browser themselves (connect --open does this for them).
 */
const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`)

export function chromeCommandLine(options: {browser?: string; pacUrl: string; profile: string; url?: string}): string {
  const args = [
    options.browser ?? 'chromium',
    `--user-data-dir=${options.profile}`,
    `--proxy-pac-url=${options.pacUrl}`,
    '--no-first-run',
    '--no-default-browser-check',
    ...(options.url ? [options.url] : []),
  ]
  return `${args.map(shellQuote).join(' ')}\n`
}
