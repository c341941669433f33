/**
 * Contract for XSD validation engines. Two independent engines implement it: libxml2
 * (libxmljs2, in-process) and Xerces (the JDK's javax.xml.validation in a persistent Java
 * helper). Both load a schema set offline through an XML catalog.
 */
export type SchemaEngineName = 'libxml2' | 'xerces';

export interface SchemaFinding {
  readonly engine: SchemaEngineName;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

export interface SchemaSetSource {
  /** Folder that holds the schema documents. */
  readonly dir: string;
  /** Schema documents to load together (relative to dir). */
  readonly documents: readonly string[];
  /** XML catalog (absolute path) mapping remote locations to local files, if any. */
  readonly catalog?: string;
}

export interface SchemaValidator {
  readonly engine: SchemaEngineName;
  /** Validates one document (already accepted by the hardened intake); [] means valid. */
  validate(xml: string): Promise<SchemaFinding[]>;
  close(): Promise<void>;
}
