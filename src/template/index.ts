/** Jinja2 templating with Ansible's semantics; see render.ts. */
export { renderString, renderText, renderValue, evaluate, evaluateCondition, isTemplate, templatedConditionWarning } from './render.ts';
export type { Where } from './render.ts';
export { OMIT, markUnsafe } from './environment.ts';
export { staticCheck, type TemplateProblem } from './static-check.ts';
export { SECRET_SINK } from './secret-taint.ts';
export type { SecretSink } from './secret-taint.ts';
export { NativeJinjaText, isNativeText, plainText, plainValue } from './native-text.ts';
export { PyFloat, floatRepr } from './py-float.ts';
export { holdsPyFloat, parseFloats, stringifyFloats } from './py-float-json.ts';
export { firstFoundLoop, nestedLoop } from './lookups.ts';
