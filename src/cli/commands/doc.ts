/** `winbook doc MODULE` — options and examples, generated from the module's zod schema (the only copy of its spec). */
import type { Command } from 'commander';

export function registerDoc(program: Command, _setExit: (code: number) => void): void {
  program
    .command('doc')
    .description('show a module\'s options and examples (or list modules)')
    .argument('[module]', 'module name, short or fully qualified')
    .action(async (name?: string) => (await import('../actions/doc.ts')).showModuleDoc(name));
}
