// The one path language for declarative XML reading (scanning-bureau sidecar formats and the tenant's
// XML mappings): element-name steps below the root separated by "/", optionally ending in "@attribute",
// matched by namespace URI + local name. An unprefixed step is in the document's own namespace; a
// `prefix:Name` step is in the namespace the mapping declares for that prefix. No XPath library: the
// configurations need plain child steps only, and a walk over the safe parser's tree is linear, cannot
// reach files or run functions, and needs no second (DOM) parse of untrusted bytes.
import { z } from 'zod';
import type { XmlElement } from './xml-tree.js';

/** An XML name without prefix; Danish bureaus may well write `Løbenummer`. */
export const XML_NAME = /^[\p{L}_][\p{L}\p{N}._-]*$/u;
/** An XML name, optionally with a prefix (`cbc:ID`). */
const QNAME = /^(?:[\p{L}_][\p{L}\p{N}._-]*:)?[\p{L}_][\p{L}\p{N}._-]*$/u;
const MAX_PATH = 500;

const isElementPath = (steps: string[], name: RegExp): boolean => steps.every((step) => name.test(step));

function isValuePath(path: string, name: RegExp): boolean {
  const steps = path.split('/');
  const last = steps.pop()!;
  return isElementPath(steps, name) && (last.startsWith('@') ? XML_NAME.test(last.slice(1)) : name.test(last));
}

/** Element steps without prefixes, e.g. "Document/Files/File" (a sidecar format's `files.path`). */
export const ElementPath = z
  .string()
  .max(MAX_PATH)
  .refine((path) => isElementPath(path.split('/'), XML_NAME), 'element names below the root separated by "/", without a leading "/" or prefixes, e.g. "Document/Files/File"');

/** Element steps without prefixes, optionally ending in "@attribute" (a sidecar format's fields). */
export const ValuePath = z
  .string()
  .max(MAX_PATH)
  .refine((path) => isValuePath(path, XML_NAME), 'element names below the root separated by "/", optionally ending in "@attribute", e.g. "Document/Customer/@cvr"');

/** Like ValuePath, but steps may carry a prefix the mapping declares in `namespaces` (an XML mapping's facts). */
export const PrefixedValuePath = z
  .string()
  .max(MAX_PATH)
  .refine(
    (path) => isValuePath(path, QNAME),
    'element names below the root separated by "/", optionally with a declared prefix and ending in "@attribute", e.g. "Sag/@nummer" or "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID"',
  );

/** The prefixes a path uses, so a configuration can check that each is declared. */
export function pathPrefixes(path: string): string[] {
  return path
    .split('/')
    .filter((step) => !step.startsWith('@') && step.includes(':'))
    .map((step) => step.slice(0, step.indexOf(':')));
}

export interface PathNamespaces {
  /** The namespace of unprefixed steps: the document's (the root element's) namespace. */
  ns: string;
  /** Declared prefixes → namespace URIs. */
  prefixes?: Readonly<Record<string, string>>;
}

/** Values at `a/b/c` (element texts) or `a/b/@attr` (attribute values, trimmed) below `element`, in document order. */
export function selectValues(element: XmlElement, namespaces: PathNamespaces, path: string): string[] {
  const steps = path.split('/');
  const last = steps[steps.length - 1]!;
  if (last.startsWith('@')) {
    return elementsAt(element, namespaces, steps.slice(0, -1))
      .map((found) => found.attrs[last.slice(1)])
      .filter((value): value is string => value !== undefined)
      .map((value) => value.trim());
  }
  return elementsAt(element, namespaces, steps).map((found) => found.text);
}

/** The elements at the steps below `element` (an empty step stays where it is). */
export function elementsAt(element: XmlElement, namespaces: PathNamespaces, steps: string[]): XmlElement[] {
  let current = [element];
  for (const step of steps) {
    if (!step) continue;
    const colon = step.indexOf(':');
    const ns = colon < 0 ? namespaces.ns : namespaces.prefixes?.[step.slice(0, colon)];
    // An undeclared prefix matches nothing (configuration validation rejects it before this).
    if (ns === undefined) return [];
    const name = colon < 0 ? step : step.slice(colon + 1);
    current = current.flatMap((parent) => parent.children.filter((child) => child.ns === ns && child.name === name));
  }
  return current;
}
