// Condition paths into object facts (`metadata`), e.g. `$.kle.subjectKey` or `$.caseIds[0].caseId`.
// A small resolver of our own instead of json-rules-engine's JSONPath default: rule files need
// property access only, and a plain walk cannot evaluate script or reach prototypes.

const PATH = /^\$(?:\.[A-Za-z_][\w-]*|\[\d+\]|\['[^'\]]+'\])+$/;
const SEGMENT = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^'\]]+)'\]/g;

export const PATH_HELP = "use $.name, $.name[0] or $['name'] segments";

export function isValidPath(path: string): boolean {
  return PATH.test(path);
}

/** The value at `path` inside `value`, or undefined when any step is missing. Own properties only. */
export function resolvePath(value: object, path: string): unknown {
  if (!isValidPath(path)) return undefined;
  let current: unknown = value;
  for (const match of path.matchAll(SEGMENT)) {
    const key = match[1] ?? match[3] ?? Number(match[2]);
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
