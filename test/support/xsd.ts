// The test oracle for the SF2900 wire format: libxml2's XSD validator (xmllint-wasm) against KOMBIT's
// official contract files, copied into sf2900/xsd/. A whole SOAP 1.1 envelope is validated through a
// small wrapper schema (Envelope → optional Header → Body holding exactly one element that must be
// valid under DistributionService's schemas, `processContents="strict"`), so the oracle sees the
// bytes exactly as the client sends them — well-formedness included — and no hand-made check decides.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

const XSD_ROOT = fileURLToPath(new URL('../../sf2900/xsd/', import.meta.url));

/** A minimal SOAP 1.1 envelope schema whose Body content is checked strictly by the SF2900 schemas. */
const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.xmlsoap.org/soap/envelope/"
           elementFormDefault="qualified">
  <xs:import namespace="http://serviceplatformen.dk/xml/wsdl/soap11/DistributionService/3/types" schemaLocation="DistributionServiceMsg.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="strict" minOccurs="1" maxOccurs="1"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

function schemaFiles(dir: string, prefix = ''): XMLFileInfo[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) return schemaFiles(full, relative);
    return name.endsWith('.xsd') ? [{ fileName: relative, contents: readFileSync(full, 'utf8') }] : [];
  });
}

let preload: XMLFileInfo[] | undefined;

export interface SchemaResult {
  valid: boolean;
  /** libxml2's messages, without file names. */
  errors: string[];
}

/** Validates a rendered SOAP envelope (text as sent) against the SF2900 DistributionService schemas. */
export async function validateEnvelope(xml: string): Promise<SchemaResult> {
  preload ??= schemaFiles(XSD_ROOT);
  const result = await validateXML({
    xml: { fileName: 'envelope.xml', contents: xml },
    schema: { fileName: 'soap-envelope-wrapper.xsd', contents: WRAPPER },
    preload,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
