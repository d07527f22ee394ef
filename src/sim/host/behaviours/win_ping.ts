/** ansible.windows.win_ping: echoes `data`; `data: crash` throws, as the Ansible module does to test failures. */
import type { Behaviour } from './types.ts';

export const winPing: Behaviour = (_state, args) => {
  const data = typeof args.data === 'string' ? args.data : 'pong';
  // win_ping.ps1: `if ($data -eq "crash") { throw "boom" }`
  if (data === 'crash') throw new Error('boom');
  return { changed: false, ping: data };
};
