import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSidecarFormatIds, parseDropFolder } from './drop-folder-config.js';

describe('parseDropFolder', () => {
  it('fills in the defaults, with processed/ and failed/ inside the folder', () => {
    expect(parseDropFolder({ id: 'digital-post', kind: 'digitalpost', path: '/srv/sftp/digitalpost' })).toEqual({
      id: 'digital-post',
      kind: 'digitalpost',
      path: '/srv/sftp/digitalpost',
      processedDir: '/srv/sftp/digitalpost/processed',
      failedDir: '/srv/sftp/digitalpost/failed',
      pollSeconds: 2,
      settleSeconds: 2,
    });
    expect(parseDropFolder({ id: 'nordscan', kind: 'scan', path: 'indbakke/scanning' })).toMatchObject({
      path: resolve('indbakke/scanning'),
      processedDir: join(resolve('indbakke/scanning'), 'processed'),
      sidecarWaitSeconds: 30,
    });
  });

  it('takes fractional seconds and other folders for processed/ and failed/', () => {
    const folder = parseDropFolder({ id: 'nordscan', kind: 'scan', path: '/mnt/scan', processedDir: '/arkiv/scan', failedDir: '/mnt/scan-fejl', pollSeconds: 0.05, settleSeconds: 0.2, sidecarWaitSeconds: 0.5, sidecarFormat: 'nordscan-2' });
    expect(folder).toMatchObject({ processedDir: '/arkiv/scan', failedDir: '/mnt/scan-fejl', pollSeconds: 0.05, settleSeconds: 0.2, sidecarWaitSeconds: 0.5, sidecarFormat: 'nordscan-2' });
  });

  it.each([
    [{ id: 'Digital Post', kind: 'digitalpost', path: '/srv/dp' }, /"Digital Post": id: lower-case letters/],
    [{ id: 'dp', kind: 'email', path: '/srv/dp' }, /"dp": kind: /],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', pollSeconds: 0 }, /pollSeconds: .*0\.05/],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', settleSeconds: 0.01 }, /settleSeconds: .*0\.1/],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', pollSeconds: '2' }, /pollSeconds: /],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', sidecarWaitSeconds: 30 }, /Unrecognized key: "sidecarWaitSeconds"/],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', processedDir: '/srv/dp/' }, /processedDir: must not be the drop folder itself/],
    [{ id: 'dp', kind: 'digitalpost', path: '/srv/dp', processedDir: '/srv/ud', failedDir: '/srv/ud' }, /failedDir: must differ from processedDir/],
    [{ id: 'scan', kind: 'scan', path: '' }, /path: /],
  ])('names what is wrong (%#)', (input, message) => {
    expect(() => parseDropFolder(input)).toThrow(message);
  });

  it('accepts only sidecar formats the extractor knows', () => {
    const folders = [parseDropFolder({ id: 'dp', kind: 'digitalpost', path: '/srv/dp' }), parseDropFolder({ id: 'syd', kind: 'scan', path: '/srv/syd', sidecarFormat: 'skanning-syd-1' })];
    expect(() => checkSidecarFormatIds(folders, ['nordscan-2', 'skanning-syd-1'])).not.toThrow();
    expect(() => checkSidecarFormatIds(folders, ['nordscan-2'])).toThrow(/"syd": sidecarFormat: unknown format "skanning-syd-1" \(known: nordscan-2\)/);
  });
});
