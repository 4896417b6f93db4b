/** An element of a parsed UBL document, as the rules read it. */
export interface UblElement {
  /** The local name: producers choose their own namespace prefixes, so rules never depend on them. */
  readonly name: string;
  /** Where it is, for a violation: `/Invoice/cac:InvoiceLine[2]/cbc:ID` (a position only among repeats). */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Its text with whitespace collapsed, as XPath normalize-space() gives it; '' for an aggregate. */
  readonly text: string;
  readonly children: readonly UblElement[];
}

/** The elements reached by walking down the named children from `from`, every match at every step. */
export function select(from: UblElement | undefined, ...names: readonly string[]): UblElement[] {
  let found = from === undefined ? [] : [from];
  for (const name of names) found = found.flatMap((element) => element.children.filter((child) => child.name === name));
  return found;
}

export function first(from: UblElement | undefined, ...names: readonly string[]): UblElement | undefined {
  return select(from, ...names)[0];
}

/** The text of the first element on that path, '' when there is none (as normalize-space() of nothing). */
export function textAt(from: UblElement | undefined, ...names: readonly string[]): string {
  return first(from, ...names)?.text ?? '';
}

// Many rules look anywhere below the root (the schematron's `//`): each walk is done once per document.
const below = new WeakMap<UblElement, readonly UblElement[]>();

/** Every element below `root`, in document order. */
export function descendants(root: UblElement): readonly UblElement[] {
  const known = below.get(root);
  if (known !== undefined) return known;
  const found: UblElement[] = [];
  collect(root, found);
  below.set(root, found);
  return found;
}

function collect(parent: UblElement, into: UblElement[]): void {
  for (const child of parent.children) {
    into.push(child);
    collect(child, into);
  }
}

/** The elements of these names anywhere below `root` (the schematron's `//name`). */
export function descendantsNamed(root: UblElement, ...names: readonly string[]): UblElement[] {
  return descendants(root).filter((element) => names.includes(element.name));
}

/** The element's value as an xs:decimal, or undefined when it is absent or not a decimal. */
export function decimalOf(element: UblElement | undefined): number | undefined {
  if (element === undefined || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(element.text)) return undefined;
  return Number(element.text);
}

/** The sum of the elements' values, as XPath sum(): 0 for none, undefined when one is not a decimal. */
export function sumOf(elements: readonly UblElement[]): number | undefined {
  let sum = 0;
  for (const element of elements) {
    const value = decimalOf(element);
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}

export function decimalAt(from: UblElement | undefined, ...names: readonly string[]): number | undefined {
  return decimalOf(first(from, ...names));
}

/** A tax category or party tax scheme of VAT (`[cac:TaxScheme/normalize-space(upper-case(cbc:ID))='VAT']`). */
export function hasVatScheme(element: UblElement): boolean {
  return textAt(element, 'TaxScheme', 'ID').toUpperCase() === 'VAT';
}
