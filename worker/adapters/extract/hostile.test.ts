// Every file of the hostile corpus (other projects' malformed and malicious test inputs, plus the
// XXE/deep-nesting MeMo files under xml/memo-ours and xml/ours that this project wrote) is either
// extracted or rejected with a specific code; none reads /etc/passwd or opens a socket.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel, ExtractedContent } from '../../../core/model.js';
import { isBadInput } from '../../../core/errors.js';
import { createContentExtractor } from './index.js';
import { fakeDocuments, tempStore, type TempStore } from './test-support.js';
import { hostileFile, hostileFiles, HOSTILE_FIXTURES } from '../../../test/support/hostile-files.js';

const SPECIFIC_CODES = new Set([
  'xml_doctype_forbidden', 'xml_malformed', 'xml_empty', 'xml_too_deep', 'xml_too_large', 'xml_encoding_unsupported',
  'xml_forbidden_name', 'not_memo', 'memo_header_missing', 'mime_malformed', 'mime_too_many_parts', 'mime_header_too_large',
]);
const PER_FILE_TIMEOUT = 30_000;

const mimeFiles = hostileFiles('mime');
const xmlFiles = hostileFiles('xml', /\.xml$/);

let store: TempStore;
const connect = vi.spyOn(net.Socket.prototype, 'connect');
beforeAll(async () => {
  store = await tempStore();
});
afterAll(async () => {
  expect(connect).not.toHaveBeenCalled();
  connect.mockRestore();
  await store.cleanup();
});

type Outcome = { content: ExtractedContent } | { code: string };

async function outcomeOf(channel: Channel, bytes: Buffer, fileName: string, sidecar?: Buffer): Promise<Outcome> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments() });
  try {
    const blob = await store.put(bytes);
    return { content: await extractor.extract({ channel, fileName, blob, ...(sidecar ? { sidecar: await store.put(sidecar) } : {}) }) };
  } catch (error) {
    if (!isBadInput(error)) throw error;
    return { code: error.code };
  }
}

function expectHandled(outcome: Outcome): void {
  if ('code' in outcome) expect(SPECIFIC_CODES).toContain(outcome.code);
  else expect(JSON.stringify(outcome.content)).not.toMatch(/root:x:0:0|daemon:x:1:1/);
}

const codeOf = (outcome: Outcome): string => ('code' in outcome ? outcome.code : 'extracted');

describe.skipIf(mimeFiles.length === 0)('hostile e-mails', () => {
  it.each(mimeFiles.map((path) => [relative(HOSTILE_FIXTURES, path), path]))('%s is extracted or rejected specifically', async (_name, path) => {
    expectHandled(await outcomeOf('email', await readFile(path), 'mail.eml'));
  }, PER_FILE_TIMEOUT);

  it('processes the MIME torture tests, they are valid', async () => {
    for (const name of ['crymap__torture-test.eml', 'postalmime__mimetorture.eml']) {
      const outcome = await outcomeOf('email', await readFile(hostileFile(`mime/${name}`)), name);
      expect(codeOf(outcome)).toBe('extracted');
      expect(('content' in outcome && outcome.content.attachments.length) || 0).toBeGreaterThan(5);
    }
  });

  it('keeps a raw TNEF stream as a winmail.dat attachment without text', async () => {
    for (const name of ['mimekit__panic.tnef', 'mimekit__garbage-at-end.tnef']) {
      const tnef = (await readFile(hostileFile(`mime/${name}`))).toString('base64').replace(/(.{76})/g, '$1\r\n');
      const eml = [
        'From: a@example.dk', 'Subject: TNEF', 'Content-Type: multipart/mixed; boundary="b"', '',
        '--b', 'Content-Type: text/plain', '', 'Se vedhæftet.',
        '--b', 'Content-Type: application/ms-tnef', 'Content-Disposition: attachment; filename="winmail.dat"', 'Content-Transfer-Encoding: base64', '',
        tnef, '--b--', '',
      ].join('\r\n');
      const outcome = await outcomeOf('email', Buffer.from(eml), 'tnef.eml');
      expect('content' in outcome && outcome.content.attachments.map((a) => [a.name, a.mimeType, a.textSource])).toEqual([['winmail.dat', 'application/ms-tnef', 'none']]);
    }
  });
});

describe.skipIf(xmlFiles.length === 0)('hostile XML', () => {
  it.each(xmlFiles.map((path) => [relative(HOSTILE_FIXTURES, path), path]))('%s as Digital Post is extracted or rejected specifically', async (_name, path) => {
    expectHandled(await outcomeOf('digitalpost', await readFile(path), 'besked.xml'));
  }, PER_FILE_TIMEOUT);

  it.each(xmlFiles.map((path) => [relative(HOSTILE_FIXTURES, path), path]))('%s as a scan sidecar is at most a warning', async (_name, path) => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(32)]);
    const outcome = await outcomeOf('scan', png, 'scan.png', await readFile(path));
    expect(codeOf(outcome)).toBe('extracted');
    expectHandled(outcome);
  }, PER_FILE_TIMEOUT);

  it('rejects the project-written MeMo attacks with the expected codes (xml/memo-ours, xml/ours)', async () => {
    const expected: Record<string, string> = {
      'memo-ours/memo_01_xxe_file_etc_passwd.xml': 'xml_doctype_forbidden',
      'memo-ours/memo_02_xxe_http_loopback_port1.xml': 'xml_doctype_forbidden',
      'memo-ours/memo_03_parameter_entity_oob.xml': 'xml_doctype_forbidden',
      'memo-ours/memo_04_billion_laughs_label.xml': 'xml_doctype_forbidden',
      'memo-ours/memo_05_truncated.xml': 'xml_malformed',
      'memo-ours/memo_06_wrong_namespace_MeMo-2.xml': 'not_memo',
      'memo-ours/memo_07_unbound_prefix.xml': 'xml_malformed',
      'memo-ours/memo_08_latin1_bytes_declared_utf8.xml': 'extracted',
      'memo-ours/memo_09_utf16le_bom_declared_utf8.xml': 'extracted',
      'memo-ours/memo_10_bad_base64_traversal_filenames.xml': 'extracted',
      'memo-ours/memo_11_deep_nesting_20000.xml': 'xml_too_deep',
      'memo-ours/memo_12_duplicate_uuid_missing_sender_bad_values.xml': 'extracted',
      'memo-ours/memo_13_quadratic_blowup_label.xml': 'xml_doctype_forbidden',
      'memo-ours/memo_14_comment_before_xml_declaration.xml': 'xml_malformed',
      'ours/deep_nesting_100000.xml': 'xml_too_deep',
      'ours/xinclude_etc_passwd.xml': 'not_memo',
      'ours/xxe_http_loopback_port1.xml': 'xml_doctype_forbidden',
      'ours/xxe_parameter_entity_loopback_dtd.xml': 'xml_doctype_forbidden',
    };
    const actual: Record<string, string> = {};
    for (const name of Object.keys(expected)) actual[name] = codeOf(await outcomeOf('digitalpost', await readFile(hostileFile(`xml/${name}`)), 'besked.xml'));
    expect(actual).toEqual(expected);
  });

  it('reads Latin-1 mislabelled as UTF-8 and sanitizes traversal file names (memo_08, memo_10)', async () => {
    const latin1 = await outcomeOf('digitalpost', await readFile(hostileFile('xml/memo-ours/memo_08_latin1_bytes_declared_utf8.xml')), 'besked.xml');
    expect('content' in latin1 && latin1.content.subject).toContain('æøå ÆØÅ');
    const traversal = await outcomeOf('digitalpost', await readFile(hostileFile('xml/memo-ours/memo_10_bad_base64_traversal_filenames.xml')), 'besked.xml');
    const names = 'content' in traversal ? traversal.content.attachments.map((a) => a.name) : [];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name).not.toMatch(/[\\/]/);
      expect(name.length).toBeLessThanOrEqual(200);
    }
  });
});
