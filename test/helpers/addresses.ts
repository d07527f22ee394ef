/**
 * Each test file that starts simulated hosts takes its own /24 of loopback addresses so files can run in
 * parallel on the real WinRM port 5985 without colliding. Pass a distinct small integer per file.
 */
export function loopbackBlock(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new Error(`loopback block ${n} out of range 1..250`);
  return `127.${100 + Math.floor(n / 250)}.${n % 250}`;
}

/** Address of host i (1-based) in block n: 127.1xx.n.i */
export function loopbackAddress(n: number, i: number): string {
  return `${loopbackBlock(n)}.${i}`;
}
