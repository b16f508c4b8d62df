// Declarative XML mappings work from configuration alone: `fordeler work` (embedded) is started with a work
// file whose `xmlMappings` map a scanning bureau's sidecar in a format no code knows (not NordScan) and a
// MeMo AdditionalContentData entry, with drop folders for both and a rule file whose only rules test the
// `xml` fact. Files dropped into the folders end at the destinations the mapped facts choose; the twins
// whose mapped value differs (or is not mapped) are parked — so the facts, not anything else, route them.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../worker/runtime/config.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { openProcessRuntime, processFiles } from '../../worker/runtime/process-files.js';
import { discoverFiles } from '../../worker/sources/files.js';
import { loadWorkConfig, parseWorkConfig } from '../../worker/runtime/work-config.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const items = join(repoRoot, 'test/fixtures/dev/items');

const XML_MAPPINGS = [
  {
    id: 'skanning-vest',
    appliesTo: 'sidecar',
    document: { namespace: 'urn:example:skanningvest:3', root: 'Leverance' },
    facts: [
      { name: 'afdeling', path: 'Brev/Afdeling', type: 'string' },
      { name: 'sagsnummer', path: 'Brev/Sag/@nummer', type: 'string' },
      { name: 'sider', path: 'Brev/@sider', type: 'integer' },
    ],
  },
  {
    id: 'ydelsesdata',
    appliesTo: 'memo-additional-content',
    contentDataType: 'Ydelse',
    facts: [
      { name: 'ydelse', contentDataName: 'Ydelsestype', type: 'string' },
      { name: 'beloeb', contentDataName: 'Beløb', type: 'number' },
    ],
  },
];

const RULES = {
  destinations: [
    { id: 'BYG', name: 'ESDH teknik og miljø' },
    { id: 'YDELSE', name: 'Ydelsessystem' },
  ],
  rules: [
    {
      name: 'Byggesager fra Skanning Vest',
      conditions: { all: [{ fact: 'xml', path: '$.afdeling', operator: 'equal', value: 'Byg og Miljø' }] },
      event: { type: 'route', params: { destination: 'BYG' } },
    },
    {
      name: 'Enkeltydelser over 1000 kr.',
      conditions: {
        all: [
          { fact: 'xml', path: '$.ydelse', operator: 'equal', value: 'Enkeltydelse' },
          { fact: 'xml', path: '$.beloeb', operator: 'greaterThan', value: 1000 },
        ],
      },
      event: { type: 'route', params: { destination: 'YDELSE' } },
    },
  ],
};

function sidecar(afdeling: string, sag: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sv:Leverance xmlns:sv="urn:example:skanningvest:3">
  <sv:Brev sider="2"><sv:Sag nummer="${sag}"/><sv:Afdeling>${afdeling}</sv:Afdeling></sv:Brev>
</sv:Leverance>
`;
}

function memo(uuid: string, additional: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>${uuid}</memo:messageUUID>
    <memo:label>Ansøgning</memo:label>
    <memo:Sender><memo:senderID>65916169</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Borgerportalen</memo:label></memo:Sender>
    <memo:Recipient><memo:recipientID>65916169</memo:recipientID><memo:idType>CVR</memo:idType></memo:Recipient>
    <memo:ContentData>${additional}</memo:ContentData>
  </memo:MessageHeader>
  <memo:MessageBody><memo:createdDateTime>2026-10-01T08:00:00Z</memo:createdDateTime>
    <memo:MainDocument><memo:File><memo:encodingFormat>text/plain</memo:encodingFormat><memo:filename>brev.txt</memo:filename><memo:content>${Buffer.from('Hermed min ansøgning.').toString('base64')}</memo:content></memo:File></memo:MainDocument>
  </memo:MessageBody>
</memo:Message>
`;
}

const entry = (type: string, name: string, value: string) =>
  `<memo:AdditionalContentData><memo:contentDataType>${type}</memo:contentDataType><memo:contentDataName>${name}</memo:contentDataName><memo:contentDataValue>${value}</memo:contentDataValue></memo:AdditionalContentData>`;

describe('XML mappings from the work configuration alone', () => {
  let base: string;
  let t: TestWork;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'fordeler-xml-mapping-'));
    const [scan, post] = [join(base, 'scan'), join(base, 'digital-post')];
    await Promise.all([mkdir(scan), mkdir(post)]);
    await writeFile(join(base, 'rules.json'), JSON.stringify(RULES));
    // Sidecars first, so each scan finds its sidecar when it has settled.
    await writeFile(join(scan, 'vest-1.meta.xml'), sidecar('Byg og Miljø', 'BYG-2026-0417'));
    await writeFile(join(scan, 'vest-2.meta.xml'), sidecar('Ældreområdet', 'AEL-2026-0093'));
    await copyFile(join(items, 'd0004.pdf'), join(scan, 'vest-1.pdf'));
    await copyFile(join(items, 'd0012.pdf'), join(scan, 'vest-2.pdf'));
    await writeFile(join(post, 'ydelse-1.xml'), memo('7a1f0c3e-5b7d-4c8e-9f2a-0e3b6d1c4a51', entry('Ydelse', 'Ydelsestype', 'Enkeltydelse') + entry('Ydelse', 'Beløb', '4995,00')));
    await writeFile(join(post, 'ydelse-2.xml'), memo('7a1f0c3e-5b7d-4c8e-9f2a-0e3b6d1c4a52', entry('Andet', 'Ydelsestype', 'Enkeltydelse') + entry('Andet', 'Beløb', '4995,00')));
    await writeFile(join(post, 'ydelse-3.xml'), memo('7a1f0c3e-5b7d-4c8e-9f2a-0e3b6d1c4a53', entry('Ydelse', 'Ydelsestype', 'Enkeltydelse') + entry('Ydelse', 'Beløb', 'mange penge')));
    t = await startTestWork({
      file: {
        rules: join(base, 'rules.json'),
        xmlMappings: XML_MAPPINGS,
        dropFolders: [
          { id: 'skanning-vest', kind: 'scan', path: scan, pollSeconds: 0.1, settleSeconds: 0.2, sidecarWaitSeconds: 5 },
          { id: 'digital-post', kind: 'digitalpost', path: post, pollSeconds: 0.1, settleSeconds: 0.2 },
        ],
        reconcile: { staleSeconds: 3600, intervalSeconds: 3600 },
      },
    });
    await t.waitUntilFinal(5, 170_000);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('routes each item by its mapped fact and parks the twins whose mapped value differs or is absent', async () => {
    const byName = new Map((await t.allItems()).map((item) => [item.fileName, item]));
    expect(byName.size).toBe(5);
    expect(byName.get('vest-1.pdf')).toMatchObject({ state: 'delivered', destination: 'BYG' });
    expect(byName.get('vest-2.pdf')?.state).toBe('parked');
    expect(byName.get('ydelse-1.xml')).toMatchObject({ state: 'delivered', destination: 'YDELSE' });
    // contentDataType "Andet" is not the mapping's: nothing is mapped.
    expect(byName.get('ydelse-2.xml')?.state).toBe('parked');
    // "mange penge" is not a number: beloeb is left out (with a warning), so the rule does not match.
    expect(byName.get('ydelse-3.xml')?.state).toBe('parked');
  });

  it('stores the typed facts on the item, and a value that does not convert as a warning naming mapping and fact', async () => {
    const byName = new Map((await t.allItems()).map((item) => [item.fileName, item]));
    const scan = await t.work.items.getExtracted(byName.get('vest-1.pdf')!.id);
    expect(scan?.metadata.mapped).toEqual({ afdeling: 'Byg og Miljø', sagsnummer: 'BYG-2026-0417', sider: 2 });
    expect(scan?.metadata.scan).toBeUndefined();
    expect(scan?.warnings.map((w) => w.code)).not.toContain('extract.sidecar_unreadable');
    const letter = await t.work.items.getExtracted(byName.get('ydelse-1.xml')!.id);
    expect(letter?.metadata.mapped).toEqual({ ydelse: 'Enkeltydelse', beloeb: 4995 });
    const bad = await t.work.items.getExtracted(byName.get('ydelse-3.xml')!.id);
    expect(bad?.metadata.mapped).toEqual({ ydelse: 'Enkeltydelse' });
    expect(bad?.warnings).toContainEqual(
      expect.objectContaining({ code: 'extract.xml_mapping_value_invalid', data: { mapping: 'ydelsesdata', fact: 'beloeb', type: 'number' } }),
    );
  });

  it('accepts the shipped example (samples/work.xml-mappings.example.json)', async () => {
    const example = await loadWorkConfig(loadConfig({ FORDELER_DATA_DIR: base }), join(repoRoot, 'samples/work.xml-mappings.example.json'), {});
    expect(example.xmlMappings.map((m) => [m.id, m.appliesTo])).toEqual([
      ['skanning-vest', 'sidecar'],
      ['nordscan-skannested', 'sidecar'],
      ['ydelsesdata', 'memo-additional-content'],
      ['oioubl-faktura', 'xml-attachment'],
    ]);
  });

  it('refuses a work file with a broken mapping, naming the field', () => {
    const broken = [XML_MAPPINGS[0], { ...XML_MAPPINGS[1], facts: [{ name: 'ydelse', contentDataName: 'Ydelsestype', type: 'tekst' }] }];
    const parse = () => parseWorkConfig(loadConfig({ FORDELER_DATA_DIR: base }), { rules: 'rules.json', xmlMappings: broken }, { baseDir: base, label: 'work file', env: {} });
    expect(parse).toThrow(/xmlMappings\[1\]\.facts\[0\]\.type: unknown type/);
  });
});

describe('fordeler process with a work file (--config): the same mappings, the same routes', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'fordeler-xml-mapping-process-'));
    await mkdir(join(base, 'post'));
    await writeFile(join(base, 'rules.json'), JSON.stringify(RULES));
    await writeFile(join(base, 'work.json'), JSON.stringify({ rules: 'rules.json', xmlMappings: XML_MAPPINGS }));
    await writeFile(join(base, 'post/vest-1.meta.xml'), sidecar('Byg og Miljø', 'BYG-2026-0417'));
    await copyFile(join(items, 'd0004.pdf'), join(base, 'post/vest-1.pdf'));
    await writeFile(join(base, 'post/ydelse-1.xml'), memo('7a1f0c3e-5b7d-4c8e-9f2a-0e3b6d1c4a61', entry('Ydelse', 'Ydelsestype', 'Enkeltydelse') + entry('Ydelse', 'Beløb', '4995,00')));
  });
  afterAll(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  async function routes(dataDir: string, paths: string[], workFile?: string): Promise<Record<string, string | null>> {
    const app = loadConfig({ FORDELER_DATA_DIR: join(base, dataDir), FORDELER_OCR_WORKERS: '1' });
    const run = await openProcessRuntime(app, join(base, 'rules.json'), { logger: createLogger('silent'), ...(workFile ? { workFile } : {}) });
    const found: Record<string, string | null> = {};
    try {
      await processFiles(run, await discoverFiles(paths), ({ input, report }) => {
        found[input.path.split('/').pop()!] = report.decision.destination;
      });
    } finally {
      await run.close();
    }
    return found;
  }

  it('routes by the mapped facts when given the work file, and parks without it', async () => {
    expect(await routes('with', [join(base, 'post')], join(base, 'work.json'))).toEqual({ 'vest-1.pdf': 'BYG', 'ydelse-1.xml': 'YDELSE' });
    // Without it (the letter only: the scan's OCR is slow) nothing is mapped, and no rule matches.
    expect(await routes('without', [join(base, 'post/ydelse-1.xml')])).toEqual({ 'ydelse-1.xml': null });
  }, 170_000);
});
