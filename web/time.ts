// Times as staff read them: Danish date and clock in Europe/Copenhagen with the zone shown
// ("6. dec. 2026 09:15 CET", "CEST" in summer), and the ISO local time for a <time datetime>.
import { copenhagenTime } from '../api/copenhagen-time.js';
import { html, type Html } from './html.js';

const DISPLAY = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "6. dec. 2026 kl. 09.15 CET" as Intl writes it for da-DK, with the zone. */
export const displayTime = (at: Date): string => DISPLAY.format(at);

export const timeElement = (at: Date): Html => html`<time datetime="${copenhagenTime(at)}">${displayTime(at)}</time>`;
