/** `winbook doc`'s work (src/cli/commands/doc.ts defines it): the module registry loads only here. */
import { allModules, findModule, moduleNames } from '../../modules/registry.ts';
import { OptionsError } from '../../errors.ts';
import { didYouMean } from '../../util/did-you-mean.ts';
import { moduleDoc } from '../../modules/doc.ts';

export function showModuleDoc(name: string | undefined): void {
  if (!name) {
    for (const m of allModules()) process.stdout.write(`${m.name.padEnd(20)} ${m.description}\n`);
    return;
  }
  const def = findModule(name);
  if (!def) throw new OptionsError('UNKNOWN_MODULE', `unknown module '${name}'${didYouMean(name, moduleNames())}`, { hint: 'winbook doc lists every module' });
  process.stdout.write(moduleDoc(def));
}
