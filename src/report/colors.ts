/** ansible's default colours (ok green, changed yellow, skip cyan, error red, unreachable bright red). */
const CODES = { green: 32, yellow: 33, cyan: 36, red: 31, brightRed: 91, magenta: 35 } as const;
export type Color = keyof typeof CODES;

export function paint(text: string, color: Color): string {
  return `\u001b[${CODES[color]}m${text}\u001b[0m`;
}

/** Colours only on a TTY and when NO_COLOR is not set (no-color.org). */
export function wantsColor(out: NodeJS.WritableStream): boolean {
  return Boolean((out as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR;
}
