/** One thing wrong with the data a document was to be generated from. */
export interface UblProblem {
  /**
   * Where, as a path in the document's UBL shape (`cac:AccountingSupplierParty/cac:Party/cbc:EndpointID`,
   * lines as `cac:InvoiceLine[2]`, also in a credit note); empty when the problem is not at one place.
   */
  readonly path: string;
  readonly message: string;
}

/**
 * A UBL document could not be generated from an e-invoice source: the source lacks something UBL needs or
 * has a value its code lists or formats refuse. Fixing the ERP record is the way out; retrying is not.
 */
export class UblGenerationError extends Error {
  override readonly name = 'UblGenerationError';

  constructor(
    /** The ERP's number of the document (BT-1). */
    readonly documentNumber: string,
    readonly problems: readonly UblProblem[],
    options?: { readonly cause?: unknown },
  ) {
    const list = problems.map(({ path, message }) => `  - ${path ? `${path}: ` : ''}${message}`).join('\n');
    super(`Cannot generate the UBL document of ${documentNumber}:\n${list}`, options);
  }
}
