/**
 * The packed (comment lines blanked, gzip, base64: agent/protocol.ts packScript) façade and module scripts, each
 * packed once per process: a run sends the same texts to every host, and packing the 112 KB façade costs several
 * milliseconds.
 */
import { facadeWindows, facadeWindowsPacked } from '../hostapi/facade.ts';
import { packScript } from './protocol.ts';

let facade: string | undefined;
const scripts = new Map<string, string>();

/** The Windows host façade as the first request's `lib` carries it. */
export function packedFacade(): string {
  // The bundle carries the build's packing of the same text (hostapi/facade.ts); elsewhere pack it here.
  facade ??= facadeWindowsPacked() ?? packScript(facadeWindows());
  return facade;
}

/** A module's script as `script` carries it. */
export function packedScript(source: string): string {
  let packed = scripts.get(source);
  if (packed === undefined) {
    packed = packScript(source);
    scripts.set(source, packed);
  }
  return packed;
}
