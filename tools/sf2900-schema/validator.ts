// The SF2900 schema validator: libxml2's XSD validator (libxml2-wasm) over KOMBIT's official
// DistributionService contract files in sf2900/xsd/. One module, because two sides need the same judge:
// the FK emulator refuses at run time what the real service would refuse, and the tests use it as their
// oracle (test/support/xsd.ts). The schema set is read and compiled once per process; each validation
// after that parses the bytes as sent (well-formedness included) and checks them — well under a
// millisecond for an ordinary request, ~0.1 s for one carrying a 10 MB document inline.
//
// A whole SOAP 1.1 envelope is validated through a small wrapper schema: Envelope → optional Header →
// Body holding exactly one element, which is either a SOAP Fault (faultcode, faultstring, detail whose
// content is checked strictly, e.g. a TransportKvittering) or an element that must be valid under
// DistributionService's schemas (`processContents="strict"`). No hand-made check decides.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlBufferInputProvider, XmlDocument, XmlLibError, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';

/** Where the schema files appear to libxml2: a virtual folder served from memory, never the disk. */
const VIRTUAL_ROOT = '/sf2900-xsd';
const WRAPPER_NAME = `${VIRTUAL_ROOT}/soap-envelope-wrapper.xsd`;

/** A minimal SOAP 1.1 envelope schema whose Body content is checked strictly by the SF2900 schemas. */
const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
           targetNamespace="http://schemas.xmlsoap.org/soap/envelope/" elementFormDefault="qualified">
  <xs:import namespace="http://serviceplatformen.dk/xml/wsdl/soap11/DistributionService/3/types" schemaLocation="DistributionServiceMsg.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType>
            <xs:choice>
              <xs:element ref="soap:Fault"/>
              <xs:any namespace="##other" processContents="strict"/>
            </xs:choice>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <!-- SOAP 1.1 section 4.4: the four children are unqualified; detail carries namespaced entries. -->
  <xs:element name="Fault">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="faultcode" type="xs:QName" form="unqualified"/>
        <xs:element name="faultstring" type="xs:string" form="unqualified"/>
        <xs:element name="faultactor" type="xs:anyURI" form="unqualified" minOccurs="0"/>
        <xs:element name="detail" form="unqualified" minOccurs="0">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="strict" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

export interface SchemaResult {
  valid: boolean;
  /** libxml2's messages, one per problem, without file names or line numbers. */
  errors: string[];
}

/**
 * The folder with KOMBIT's files: sf2900/xsd/ of this project, found by walking up from this module, so
 * the same code finds it from the sources (tools/sf2900-schema/) and from the build (dist/tools/…).
 */
function schemaFolder(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'sf2900', 'xsd');
    if (existsSync(path.join(candidate, 'DistributionServiceMsg.xsd'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('sf2900/xsd/DistributionServiceMsg.xsd not found above tools/sf2900-schema');
  }
}

function schemaFiles(dir: string, prefix: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, schemaFiles(full, `${prefix}/${name}`));
    else if (name.endsWith('.xsd')) files[`${prefix}/${name}`] = readFileSync(full);
  }
  return files;
}

let compiled: XsdValidator | undefined;

function validator(): XsdValidator {
  if (compiled) return compiled;
  xmlRegisterInputProvider(new XmlBufferInputProvider(schemaFiles(schemaFolder(), VIRTUAL_ROOT)));
  const wrapper = XmlDocument.fromString(WRAPPER, { url: WRAPPER_NAME });
  try {
    compiled = XsdValidator.fromDoc(wrapper);
  } finally {
    wrapper.dispose();
  }
  return compiled;
}

/** Compiles the schema set now (otherwise on the first validation), so a bad install fails at start-up. */
export function loadSf2900Schemas(): void {
  validator();
}

// Huge: a document inside the request is one long text node (libxml2 stops at 10 MB without it).
// Nonet: a request never makes the validator fetch anything.
const PARSE_OPTIONS = ParseOption.XML_PARSE_HUGE | ParseOption.XML_PARSE_NONET;

/** Validates a SOAP envelope (text or bytes as sent, UTF-8) against the SF2900 DistributionService schemas. */
export function validateEnvelope(xml: string | Uint8Array): SchemaResult {
  const schema = validator();
  let doc: XmlDocument;
  try {
    doc = typeof xml === 'string' ? XmlDocument.fromString(xml, { option: PARSE_OPTIONS }) : XmlDocument.fromBuffer(xml, { option: PARSE_OPTIONS });
  } catch (error) {
    return { valid: false, errors: messages(error) };
  }
  try {
    schema.validate(doc);
    return { valid: true, errors: [] };
  } catch (error) {
    return { valid: false, errors: messages(error) };
  } finally {
    doc.dispose();
  }
}

function messages(error: unknown): string[] {
  if (error instanceof XmlLibError && error.details.length) return error.details.map((d) => d.message.trim());
  if (error instanceof Error) return [error.message.trim()];
  throw error;
}
