/** `winbook doc MODULE` — options and examples, generated from the module's zod schema (the only copy of its spec). */
import type { Command } from 'commander';
import { allModules, findModule, moduleNames } from '../../modules/registry.ts';
import { OptionsError } from '../../errors.ts';
import { didYouMean } from '../../util/did-you-mean.ts';
import { moduleDoc } from '../../modules/doc.ts';

export function registerDoc(program: Command, _setExit: (code: number) => void): void {
  program
    .command('doc')
    .description('show a module\'s options and examples (or list modules)')
    .argument('[module]', 'module name, short or fully qualified')
    .action((name?: string) => {
      if (!name) {
        for (const m of allModules()) process.stdout.write(`${m.name.padEnd(20)} ${m.description}\n`);
        return;
      }
      const def = findModule(name);
      if (!def) throw new OptionsError('UNKNOWN_MODULE', `unknown module '${name}'${didYouMean(name, moduleNames())}`, { hint: 'winbook doc lists every module' });
      process.stdout.write(moduleDoc(def));
    });
}
