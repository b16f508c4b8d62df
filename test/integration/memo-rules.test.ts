// Issue 11, point 5, end to end in one process: Digital Post letters made from Digitaliseringsstyrelsen's
// MeMo 1.2 full example go through the real extractor (worker/adapters/extract) and the real router
// (rules/router.ts) with a rule file whose rules test the MeMo fields read into metadata.memo: postType,
// messageCode, legalNotification, ForwardData, Representative, replyByDateTime, the recipient's
// ProductionUnit P-number, ContentResponsible and the sender id check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification, RouteDecision } from '../../core/model.js';
import { ItemReportSchema } from '../../core/report-contract.js';
import { createRouter } from '../../rules/router.js';
import { parseRuleFile } from '../../rules/schema.js';
import { createContentExtractor } from '../../worker/adapters/extract/index.js';
import { fakeDocuments, tempStore, type TempStore } from '../../worker/adapters/extract/test-support.js';

const FULL_EXAMPLE = readFileSync(join(import.meta.dirname, '../fixtures/memo-examples/MeMo_Full_Example.xml'), 'utf8');
const JOBCENTER_PNR = '1003388394';
const LAWYER_CVR = '98297812';

const condition = (path: string, operator: string, value: unknown) => ({ fact: 'metadata', path, operator, value });
const routeTo = (name: string, priority: number, destination: string, all: unknown[]) => ({
  name,
  priority,
  conditions: { all },
  event: { type: 'route', params: { destination } },
});

const RULE_FILE = {
  destinations: [
    { id: 'JURA', name: 'Juridisk kontor' },
    { id: 'DAGTILBUD', name: 'Pladsanvisningen' },
    { id: 'VIDERESENDT', name: 'Videresendt post' },
    { id: 'ADVOKAT', name: 'Post fra advokater' },
    { id: 'SVARFRIST', name: 'Frister' },
    { id: 'JOBCENTER', name: 'Jobcenter' },
    { id: 'ERHVERV', name: 'Erhvervsservice' },
    { id: 'BOERNEHAVE', name: 'Børnehaven Tusindfryd' },
  ],
  rules: [
    {
      name: 'Afsender-id ugyldigt',
      priority: 900,
      conditions: { all: [condition('$.memo.sender.idValid', 'equal', false)] },
      event: { type: 'park', params: { reason: 'afsenderens CVR-nummer er ugyldigt' } },
    },
    routeTo('Retsvirkning', 800, 'JURA', [condition('$.memo.legalNotification', 'equal', true)]),
    routeTo('Videresendt', 700, 'VIDERESENDT', [condition('$.memo.forward.originalSender', 'matchesRegex', '.')]),
    routeTo('Repræsentant med CVR', 600, 'ADVOKAT', [
      condition('$.memo.sender.representative.idType', 'equal', 'CVR'),
      condition('$.memo.sender.representative.idValid', 'equal', true),
    ]),
    routeTo('Pladsanvisning', 500, 'DAGTILBUD', [{ fact: 'memoMessageCode', operator: 'equal', value: 'Pladsanvisning' }]),
    routeTo('Svar inden september', 450, 'SVARFRIST', [
      condition('$.memo.reply', 'equal', true),
      condition('$.memo.replyByDateTime', 'matchesRegex', '^2025-09-'),
    ]),
    routeTo('Jobcentrets P-enhed', 400, 'JOBCENTER', [
      condition('$.memo.recipients[0].attention.productionUnit.number', 'matchesRegex', '^100338'),
      condition('$.memo.recipients[0].attention.productionUnit.valid', 'equal', true),
    ]),
    routeTo('Virksomhedspost', 350, 'ERHVERV', [{ fact: 'memoPostType', operator: 'equal', value: 'VIRKSOMHEDSPOST' }]),
    routeTo('Indholdsansvarlig Tusindfryd', 300, 'BOERNEHAVE', [condition('$.memo.sender.attention.contentResponsible.label', 'containsText', 'tusindfryd')]),
  ],
};
const RULES = parseRuleFile(RULE_FILE);

type Edit = [RegExp | string, string];

/** The full example made neutral (no rule above matches it), then changed by `edits`. */
function letter(...edits: Edit[]): string {
  const neutral: Edit[] = [
    [/<memo:senderID>12345678</g, '<memo:senderID>29189838<'],
    ['<memo:messageCode>Pladsanvisning<', '<memo:messageCode>Orientering<'],
    ['<memo:reply>true<', '<memo:reply>false<'],
    [/<memo:ForwardData>[\s\S]*?<\/memo:ForwardData>/, ''],
    ['<memo:label>Børnehaven, Tusindfryd</memo:label>', '<memo:label>Skoleafdelingen</memo:label>'],
  ];
  return [...neutral, ...edits].reduce((xml, [from, to]) => xml.replace(from, to), FULL_EXAMPLE);
}

const NO_KLE: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
let store: TempStore;
beforeAll(async () => {
  store = await tempStore();
});
afterAll(() => store.cleanup());

async function routeLetter(xml: string): Promise<RouteDecision> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments() });
  const content = await extractor.extract({ channel: 'digitalpost', fileName: 'brev.xml', blob: await store.put(xml) });
  return createRouter(RULES).route(content, NO_KLE);
}

describe('routing MeMo letters by the fields in metadata.memo', () => {
  it('parks the neutral letter: no rule matches it', async () => {
    const decision = await routeLetter(letter());
    expect(decision).toMatchObject({ status: 'parked', ruleId: null });
    expect(decision.trace.map((t) => t.matched)).not.toContain(true);
  });

  const cases: [string, Edit[], string, string | null][] = [
    ['legalNotification true', [['<memo:legalNotification>false<', '<memo:legalNotification>true<']], 'Retsvirkning', 'JURA'],
    ['a ForwardData block', [['</memo:ContentData>', '</memo:ContentData><memo:ForwardData><memo:messageUUID>8C2EA15D-61FB-4BA9-9366-42F8B194C999</memo:messageUUID><memo:originalMessageDateTime>2021-03-15T12:00:00Z</memo:originalMessageDateTime><memo:originalSender>Region Nordjylland</memo:originalSender></memo:ForwardData>']], 'Videresendt', 'VIDERESENDT'],
    ['a Representative with a valid CVR number', [['<memo:representativeID>87654321<', `<memo:representativeID>${LAWYER_CVR}<`]], 'Repræsentant med CVR', 'ADVOKAT'],
    ['messageCode Pladsanvisning', [['<memo:messageCode>Orientering<', '<memo:messageCode>Pladsanvisning<']], 'Pladsanvisning', 'DAGTILBUD'],
    ['reply requested by September 2025', [['<memo:reply>false<', '<memo:reply>true<']], 'Svar inden september', 'SVARFRIST'],
    ["the Jobcenter's P-number on the recipient", [[/(<memo:Recipient>[\s\S]*?<grd:productionUnitNumber>)1234567890/, `$1${JOBCENTER_PNR}`]], 'Jobcentrets P-enhed', 'JOBCENTER'],
    ['postType VIRKSOMHEDSPOST', [['<memo:postType>MYNDIGHEDSPOST<', '<memo:postType>virksomhedspost<']], 'Virksomhedspost', 'ERHVERV'],
    ['ContentResponsible Tusindfryd', [['<memo:label>Skoleafdelingen</memo:label>', '<memo:label>Børnehaven, Tusindfryd</memo:label>']], 'Indholdsansvarlig Tusindfryd', 'BOERNEHAVE'],
    ['"Sender ID" as a CVR sender', [[/<memo:senderID>29189838</, '<memo:senderID>Sender ID<']], 'Afsender-id ugyldigt', null],
  ];

  it.each(cases)('%s → rule "%s"', async (_what, edits, ruleId, destination) => {
    const decision = await routeLetter(letter(...edits));
    expect(decision).toMatchObject({ ruleId, destination, status: destination ? 'routed' : 'parked' });
  });

  it('does not route by a P-number that is not valid, and traces what the rule saw', async () => {
    const invalid = '100338839'; // nine digits: the prefix matches, the P-number check does not
    const decision = await routeLetter(letter([/(<memo:Recipient>[\s\S]*?<grd:productionUnitNumber>)1234567890/, `$1${invalid}`]));
    expect(decision.status).toBe('parked');
    const rule = decision.trace.find((t) => t.ruleId === 'Jobcentrets P-enhed');
    expect(rule?.conditions).toMatchObject([
      { path: '$.memo.recipients[0].attention.productionUnit.number', factValue: invalid, result: true },
      { path: '$.memo.recipients[0].attention.productionUnit.valid', factValue: false, result: false },
    ]);
  });
});

describe('fordeler process on a MeMo letter', () => {
  it('routes a legal notice by $.memo.legalNotification, and prints no CPR number unmasked', () => {
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'fordeler-memo-rules-'));
    try {
      writeFileSync(join(dir, 'rules.json'), JSON.stringify(RULE_FILE));
      writeFileSync(join(dir, 'partshoering.xml'), letter(['<memo:legalNotification>false<', '<memo:legalNotification>true<']));
      const run = spawnSync(process.execPath, [join(root, 'bin/fordeler.js'), 'process', join(dir, 'partshoering.xml'), '--rules', join(dir, 'rules.json'), '--json'], {
        cwd: root,
        env: { ...process.env, FORDELER_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 5 * 60 * 1000,
      });
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      const report = ItemReportSchema.parse(JSON.parse(run.stdout.trim().split('\n')[0] as string));
      expect(report.decision).toMatchObject({ status: 'routed', destination: 'JURA', ruleId: 'Retsvirkning' });
      // The letter's recipient (2211771212) and the child in CPRdata (2512169996) are CPR numbers.
      expect(run.stdout + run.stderr).not.toMatch(/2211771212|2512169996/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 6 * 60 * 1000);
});
