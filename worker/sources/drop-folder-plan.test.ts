import { describe, expect, it } from 'vitest';
import { isIgnoredName, loggable, planDigitalPost, planScans } from './drop-folder-plan.js';

const timing = { settleMs: 2000, sidecarWaitMs: 30_000 };
const settled = (name: string, unchangedMs = 2000) => ({ name, unchangedMs });

describe('names', () => {
  it.each(['d0021.xml.part', 'd0021.xml.PARTIAL', 'd0021.xml.tmp', 'd0051.pdf.filepart', 'd0051.pdf.crdownload', 'd0051.pdf~', '.d0051.pdf.Ab3kQz', '~$notat.docx', 'Thumbs.db', 'desktop.ini'])(
    'ignores %s',
    (name) => expect(isIgnoredName(name)).toBe(true),
  );
  it.each(['d0021.xml', 'd0051.pdf', 'd0051.meta.xml', 'particip.pdf', 'brev.tmp.pdf'])('takes %s', (name) => expect(isIgnoredName(name)).toBe(false));

  it('keeps CPR numbers in file names out of logs', () => {
    expect(loggable('0811490294.pdf')).toBe('XXXXXX-XXXX.pdf');
    expect(loggable('brev-081149-0294-side1.tif')).toBe('brev-XXXXXX-XXXX-side1.tif');
    // A space or an en-dash between the parts is a CPR number too.
    expect(loggable('klage 010190 1009.xml')).toBe('klage XXXXXX-XXXX.xml');
    expect(loggable('klage 010190–1009.xml')).toBe('klage XXXXXX-XXXX.xml');
    expect(loggable('NS-NRA-20261005-06-0067.pdf')).toBe('NS-NRA-20261005-06-0067.pdf');
  });
});

describe('planDigitalPost', () => {
  it('takes every settled .xml and sets other settled files aside', () => {
    expect(planDigitalPost([settled('b.XML'), settled('a.xml'), settled('c.xml', 1999), settled('faktura.pdf'), settled('notat.docx', 10)], timing)).toEqual({
      items: [{ file: 'a.xml', channel: 'digitalpost' }, { file: 'b.XML', channel: 'digitalpost' }],
      unexpected: ['faktura.pdf'],
      lonelySidecars: [],
    });
  });
});

describe('planScans', () => {
  it('pairs a scan with its settled sidecar and holds it while the sidecar is still written', () => {
    const plan = planScans([settled('d0051.pdf'), settled('d0051.meta.xml'), settled('d0056.pdf', 60_000), settled('d0056.meta.xml', 100)], timing);
    expect(plan.items).toEqual([{ file: 'd0051.pdf', channel: 'scan', sidecar: 'd0051.meta.xml' }]);
  });

  it('takes a scan alone only after the sidecar wait, and gives a shared sidecar to the first scan by name', () => {
    const plan = planScans([settled('x.tif', 32_000), settled('x.pdf', 32_000), settled('x.meta.xml'), settled('y.png', 31_999), settled('z.jpeg', 32_000)], timing);
    expect(plan.items).toEqual([
      { file: 'x.pdf', channel: 'scan', sidecar: 'x.meta.xml' },
      { file: 'x.tif', channel: 'scan' },
      { file: 'z.jpeg', channel: 'scan' },
    ]);
  });

  it('never plans a sidecar as an item; a lonely one is reported after the wait', () => {
    const plan = planScans([settled('a.meta.xml', 32_000), settled('b.meta.xml', 31_999), settled('notat.docx'), settled('d0021.xml')], timing);
    expect(plan).toEqual({ items: [], unexpected: ['d0021.xml', 'notat.docx'], lonelySidecars: ['a.meta.xml'] });
  });
});
