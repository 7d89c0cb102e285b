/** A tiny ANSI styling helper: every style is the identity when color is off. */

export type Style = (text: string) => string

export interface Palette {
  bold: Style
  dim: Style
  red: Style
  green: Style
  yellow: Style
  blue: Style
  magenta: Style
  cyan: Style
  gray: Style
  /** White on red, for critical. */
  alert: Style
}

const ESC = '\u001B['

function sgr(open: number, close: number): Style {
  return (text) => (text === '' ? text : `${ESC}${open}m${text}${ESC}${close}m`)
}

const identity: Style = (text) => text

export function palette(color: boolean): Palette {
  if (!color) {
    return {
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      blue: identity,
      magenta: identity,
      cyan: identity,
      gray: identity,
      alert: identity,
    }
  }
  const red = sgr(31, 39)
  const bold = sgr(1, 22)
  return {
    bold,
    dim: sgr(2, 22),
    red,
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    magenta: sgr(35, 39),
    cyan: sgr(36, 39),
    gray: sgr(90, 39),
    alert: (text) => bold(sgr(41, 49)(sgr(97, 39)(text))),
  }
}
