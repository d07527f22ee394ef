import type { Node } from 'web-tree-sitter';

/** One problem found in a script. Line and column are 1-based. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

export interface LintOptions {
  /**
   * Treat the whole script as running with `$ErrorActionPreference = 'Stop'` already in effect. True by default
   * for module scripts (src/modules/**): the agent bootstrap sets Stop and runs each module in a child scope,
   * which inherits it.
   */
  assumeErrorActionStop?: boolean;
}

export interface RuleContext {
  file: string;
  source: string;
  root: Node;
  options: Required<LintOptions>;
}

/** What a rule reports: the node the finding points at and the message. */
export interface RuleHit {
  node: Node;
  message: string;
}

export interface Rule {
  id: string;
  /** One line: the Windows PowerShell 5.1 trap the rule catches. */
  summary: string;
  check(ctx: RuleContext): RuleHit[];
}
