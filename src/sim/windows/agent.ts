/** The agent bootstrap's own verbs (contract/agent.ts): staged uploads and the process environment. */
import { appendFile, stagedPath } from '../host/fs.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, reqStr, str } from './types.ts';
import { processEnvironmentBlock } from './environment-block.ts';

export const agentVerbs: SimVerbTable = {
  'Add-WbStagedChunk': (ctx, args) => {
    const key = reqStr(args, 'Key');
    if (!/^[0-9a-f]{16,64}$/.test(key)) throw new WindowsError(123, 'The filename, directory name, or volume label syntax is incorrect.');
    appendFile(ctx.state, stagedPath(ctx.account, key), Buffer.from(reqStr(args, 'Data'), 'base64'), { account: ctx.account, log: ctx.log });
    return undefined;
  },
  'Get-WbProcessEnvironment': (ctx, args) => {
    const name = reqStr(args, 'Name').toLowerCase();
    const env = ctx.state.process_env ?? {};
    const key = Object.keys(env).find((k) => k.toLowerCase() === name);
    return key === undefined ? null : env[key];
  },
  'Set-WbProcessEnvironment': (ctx, args) => {
    const name = reqStr(args, 'Name');
    const env = (ctx.state.process_env ??= {});
    for (const k of Object.keys(env)) if (k.toLowerCase() === name.toLowerCase()) delete env[k];
    const value = str(args, 'Value');
    if (value !== undefined && value !== '') env[name] = value;
    return undefined;
  },
  'Get-WbProcessEnvironmentBlock': (ctx) => processEnvironmentBlock(ctx),
};
