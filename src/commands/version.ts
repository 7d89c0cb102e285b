import {BaseCommand} from '../cli/base-command.js'

export default class Version extends BaseCommand {
  static override summary = 'Print the version of emr-access, and of Node.js and the platform it runs on (as --version and -v).'

  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --json']

  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    await this.parse(Version)
    const {name, version, platform, arch} = this.config
    if (this.jsonEnabled()) return {name, version, node: process.version, platform, arch}
    // The same line as --version, so scripts can use either.
    process.stdout.write(`${this.config.userAgent}\n`)
    return undefined
  }
}
