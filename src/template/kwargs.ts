/** nunjucks passes `f(a, k=v)` as positional args with a trailing `{__keywords: true, k: v}` object. */
export interface CallArgs {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export function splitKwargs(all: unknown[]): CallArgs {
  const last = all[all.length - 1];
  if (typeof last === 'object' && last !== null && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    const kwargs: Record<string, unknown> = { ...(last as Record<string, unknown>) };
    delete kwargs.__keywords;
    return { args: all.slice(0, -1), kwargs };
  }
  return { args: all, kwargs: {} };
}
