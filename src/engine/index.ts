/** The engine's public surface. */
export { runPlaybook } from './run-playbook.ts';
export { runPlaybookWith } from './playbook-runner.ts';
export type { EngineOptions, RunSummary } from './options.ts';
export type { EngineDeps, AgentLike, TemplateWhere } from './deps.ts';
export { Redactor, REDACTED, NO_LOG_MESSAGE } from './redact.ts';
export { exitCodeFor } from './exit-code.ts';
export { EventBus, emptyStats } from './events.ts';
export type { RunEvent, HostStatus, HostStats, RunEventListener } from './events.ts';
