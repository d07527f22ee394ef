/**
 * Each test file that starts simulated hosts takes its own /24 of loopback addresses so files can run in
 * parallel on the real WinRM port 5985 without colliding. Pass a distinct small integer per file.
 * WINBOOK_TEST_NET (0–50) shifts the second octet so several checkouts can run the suite at once on one machine.
 */
const NET = 100 + Number(process.env.WINBOOK_TEST_NET ?? 0);

export function loopbackBlock(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new Error(`loopback block ${n} out of range 1..250`);
  return `127.${NET}.${n}`;
}

/** Address of host i (1-based) in block n: 127.1xx.n.i */
export function loopbackAddress(n: number, i: number): string {
  return `${loopbackBlock(n)}.${i}`;
}
