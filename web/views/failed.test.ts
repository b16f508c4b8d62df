// The failed list's views: the stage in Danish, the error escaped, a retry form per row that htmx posts and
// that replaces the same row, and "Prøv alle igen" only when something failed.
import { describe, expect, it } from 'vitest';
import { html } from '../html.js';
import { failedBody, failedRowOutcome, failedRowView, stageLabel, type FailedRow } from './failed.js';

const row: FailedRow = {
  id: '11111111-2222-3333-4444-555555555555',
  channel: 'scan',
  subject: null,
  fileName: '<b>scan</b>.pdf',
  receivedAt: new Date('2026-03-03T10:00:00Z'),
  stage: 'extract',
  failedAt: new Date('2026-03-03T10:01:00Z'),
  error: { code: 'extract.unexpected', message: 'kunne ikke <læse>' },
};

describe('failed views', () => {
  it('names the stage in Danish', () => {
    expect(stageLabel('deliver')).toBe('Aflevering');
    expect(stageLabel(null)).toBe('Ukendt');
  });

  it('escapes the file name and error and posts the retry through htmx to the same row', () => {
    const out = failedRowView(row, 'tok').value;
    expect(out).toContain('&lt;b&gt;scan&lt;/b&gt;.pdf');
    expect(out).toContain('kunne ikke &lt;læse&gt;');
    expect(out).toContain(`hx-post="/fejlede/${row.id}/retry" hx-target="#failed-${row.id}"`);
    expect(out).toContain('name="_csrf" value="tok"');
    expect(failedRowOutcome(row.id, html`<p>ok</p>`).value).toContain(`id="failed-${row.id}"`);
  });

  it('offers Prøv alle igen only when there is something to retry', () => {
    expect(failedBody({ rows: [row], csrfToken: undefined, next: null, paged: false }).value).toContain('Prøv alle igen');
    const empty = failedBody({ rows: [], csrfToken: undefined, next: null, paged: false }).value;
    expect(empty).not.toContain('Prøv alle igen');
    expect(empty).toContain('Der er ingen fejlede forsendelser.');
  });
});
