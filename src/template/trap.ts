/**
 * Errors raised while nunjucks runs generated code get wrapped into nunjucks' own TemplateError, which drops
 * our code, hint and the undefined name. Rendering is synchronous, so the error we raise is parked here and
 * the renderer takes it back after the wrapped error surfaces.
 */
import type { TemplateError } from '../errors.ts';

let parked: TemplateError | undefined;

export function raise(err: TemplateError): never {
  parked = err;
  throw err;
}

/** The error raised during the current render, if any; clears it. */
export function takeParked(): TemplateError | undefined {
  const e = parked;
  parked = undefined;
  return e;
}
