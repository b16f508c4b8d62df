// Generated junk and machine mail for the junk tests (classifiers/junk.ts): realistic .eml text as
// Exchange/Outlook, Gmail, Postfix and newsletter systems write it, in Danish and English, whose topics
// WOULD match the dev routing table (kontanthjælp, faktura, jobansøgning, byggetilladelse, …). Written
// from general knowledge of these headers and phrases, never from the dev corpus.
import type { JunkKind } from '../../classifiers/junk.js';

export interface JunkMail {
  name: string;
  kind: JunkKind;
  eml: string;
}

interface Spec {
  from: string;
  to?: string;
  subject: string;
  headers?: Record<string, string>;
  text?: string;
  html?: string;
  date?: string;
}

const encodeWord = (value: string): string => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);
let serial = 0;

function head(spec: Spec): string[] {
  serial += 1;
  return [
    `From: ${spec.from}`,
    `To: ${spec.to ?? 'post@noerrea.dk'}`,
    `Subject: ${encodeWord(spec.subject)}`,
    `Date: ${spec.date ?? 'Tue, 3 Mar 2026 09:14:0' + (serial % 10) + ' +0100'}`,
    `Message-ID: <junk-${serial}.${Date.UTC(2026, 2, 3)}@generated.example>`,
    'MIME-Version: 1.0',
    ...Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
}

/** A plain, HTML or alternative message; UTF-8, 8bit. */
export function mail(spec: Spec): string {
  const lines = head(spec);
  if (spec.text !== undefined && spec.html !== undefined) {
    const boundary = `alt-${serial}`;
    return [
      ...lines,
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.text,
      `--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.html,
      `--${boundary}--`, '',
    ].join('\r\n');
  }
  const html = spec.html !== undefined;
  return [...lines, `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', html ? spec.html : spec.text ?? '', ''].join('\r\n');
}

/** A message with one attached file (multipart/mixed, the file base64): for blobs two mails share. */
export function mailWithAttachment(spec: Spec & { attachment: { fileName: string; contentType: string; content: string } }): string {
  const lines = head(spec);
  const boundary = `mixed-${serial}`;
  const encoded = Buffer.from(spec.attachment.content, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    ...lines,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.text ?? '',
    `--${boundary}`, `Content-Type: ${spec.attachment.contentType}; name="${spec.attachment.fileName}"`, `Content-Disposition: attachment; filename="${spec.attachment.fileName}"`,
    'Content-Transfer-Encoding: base64', '', encoded,
    `--${boundary}--`, '',
  ].join('\r\n');
}

/** A delivery status notification (RFC 3464) as Postfix or Exchange sends it, the original message attached. */
function dsn(spec: Spec & { failed: string; original: string; explanation: string }): string {
  const boundary = `report-${serial + 1}`;
  const lines = head(spec);
  return [
    ...lines,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.explanation,
    `--${boundary}`, 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx1.noerrea.dk', '', `Final-Recipient: rfc822; ${spec.failed}`, 'Action: failed', 'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    `--${boundary}`, 'Content-Type: message/rfc822', '', spec.original,
    `--${boundary}--`, '',
  ].join('\r\n');
}

/** A read receipt (RFC 8098 message disposition notification). */
function readReceipt(spec: Spec): string {
  const lines = head(spec);
  return [
    ...lines,
    'Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn"',
    '',
    '--mdn', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Din meddelelse er blevet læst.',
    '--mdn', 'Content-Type: message/disposition-notification', '', 'Final-Recipient: rfc822; mette@example.dk', 'Disposition: manual-action/MDN-sent-manually; displayed',
    '--mdn--', '',
  ].join('\r\n');
}

const original = (subject: string, body: string): string => mail({ from: 'Sagsbehandler <sb@noerrea.dk>', to: 'borger@example.dk', subject, text: body });

const outlookAutoReply = { 'Auto-Submitted': 'auto-replied', 'X-MS-Exchange-Inbox-Rules-Loop': 'post@noerrea.dk', 'X-Auto-Response-Suppress': 'All' };
const newsletterHeaders = (list: string) => ({ 'List-Unsubscribe': `<https://nyhedsbrev.${list}/afmeld?id=8812>, <mailto:afmeld@${list}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Precedence': 'bulk' });

export function junkMails(): JunkMail[] {
  serial = 0;
  const out: JunkMail[] = [];
  const add = (name: string, kind: JunkKind, eml: string) => out.push({ name, kind, eml });

  // Auto-replies
  add('outlook-automatisk-svar', 'auto_reply', mail({ from: 'Mette Hansen <mette.hansen@firma.dk>', subject: 'Automatisk svar: Ansøgning om kontanthjælp', headers: outlookAutoReply, text: 'Tak for din mail. Jeg er på ferie til og med 14. marts og læser ikke mails. Ved akutte sager om kontanthjælp kontakt Borgerservice.' }));
  add('outlook-automatic-reply', 'auto_reply', mail({ from: 'John Smith <john.smith@contractor.co.uk>', subject: 'Automatic reply: Faktura 2026-114', headers: outlookAutoReply, text: 'I am out of the office until Monday with limited access to e-mail. Invoices are handled by accounts@contractor.co.uk.' }));
  add('gmail-vacation', 'auto_reply', mail({ from: 'Peter Jensen <peter.jensen1974@gmail.com>', subject: 'Re: Byggetilladelse til carport', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Hej. Jeg er på ferie uden adgang til mail indtil 20. juli. Vedr. byggetilladelse og byggesag kan du ringe til mig.' }));
  add('autosvar-subject-only', 'auto_reply', mail({ from: 'Lone Dahl <lone@dahl-revision.dk>', subject: 'Autosvar: Betalingspåmindelse', text: 'Jeg er fraværende og tilbage den 3. april. Din mail om betalingspåmindelsen bliver ikke videresendt.' }));
  add('fravaerende-subject', 'auto_reply', mail({ from: 'Karin Holm <kh@skolen.dk>', subject: 'Fraværende: Jobansøgning - pædagog', text: 'Jeg er fraværende frem til 1. august. Mails om jobansøgninger besvares efter min ferie.' }));
  add('out-of-office-subject', 'auto_reply', mail({ from: 'Anders <anders@nordic-supply.com>', subject: 'Out of Office: Kreditnota 5523', text: 'I am currently out of office and will return on 12 May.' }));
  add('x-autoreply', 'auto_reply', mail({ from: 'Kundeservice <service@vvs-firma.dk>', subject: 'Vi har modtaget din henvendelse om faktura', headers: { 'X-Autoreply': 'yes' }, text: 'Tak for din henvendelse. Vi svarer inden for 3 hverdage.' }));
  add('x-autorespond', 'auto_reply', mail({ from: 'Support <support@hosting.example>', subject: 'Ticket #44120 received: invoice question', headers: { 'X-Autorespond': 'Ticket #44120' }, text: 'Your request regarding the invoice has been received.' }));
  add('precedence-auto-reply', 'auto_reply', mail({ from: 'Bo Lund <bo@lund-byg.dk>', subject: 'Sv: Byggetilladelse tilbygning', headers: { Precedence: 'auto_reply' }, text: 'Jeg holder ferie uge 28-30.' }));
  add('auto-generated-confirmation', 'auto_reply', mail({ from: 'noreply@booking-system.dk', subject: 'Kvittering: Din ansøgning om uddannelseshjælp er sendt', headers: { 'Auto-Submitted': 'auto-generated' }, text: 'Dette er en automatisk genereret besked. Du kan ikke svare på denne mail.' }));
  add('exchange-out-of-office-html', 'auto_reply', mail({ from: '"Sørensen, Niels" <nis@region.dk>', subject: 'Automatisk svar: Underretning vedr. barn', headers: outlookAutoReply, html: '<html><body><p>Jeg er på kursus og tilbage mandag.</p><p>Ved akutte underretninger kontakt vagten.</p></body></html>' }));

  // Delivery status notifications
  add('postfix-dsn', 'delivery_status', dsn({ from: 'MAILER-DAEMON@mx1.noerrea.dk (Mail Delivery System)', subject: 'Undelivered Mail Returned to Sender', headers: { 'Auto-Submitted': 'auto-replied' }, failed: 'borger@example.dk', explanation: 'This is the mail system at host mx1.noerrea.dk.\nI\'m sorry to have to inform you that your message could not be delivered.', original: original('Afgørelse om kontanthjælp', 'Du har fået bevilget kontanthjælp.') }));
  add('exchange-ndr-danish', 'delivery_status', dsn({ from: 'Microsoft Outlook <postmaster@noerrea.onmicrosoft.com>', subject: 'Kan ikke leveres: Jobansøgning modtaget', failed: 'ansoeger@hotmail.example', explanation: 'Din meddelelse kunne ikke leveres til en eller flere modtagere.', original: original('Jobansøgning modtaget', 'Tak for din jobansøgning.') }));
  add('exchange-ndr-english', 'delivery_status', dsn({ from: 'postmaster@outlook.com', subject: 'Undeliverable: Faktura 88123', failed: 'kreditor@old-domain.example', explanation: 'Delivery has failed to these recipients or groups.', original: original('Faktura 88123', 'Vedhæftet faktura.') }));
  add('gmail-dsn-plain', 'delivery_status', mail({ from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', subject: 'Delivery Status Notification (Failure)', headers: { 'X-Failed-Recipients': 'sagsbehandler@noerrea.dk' }, text: "Address not found. Your message wasn't delivered to sagsbehandler@noerrea.dk. Ansøgning om byggetilladelse." }));
  add('read-receipt-report', 'delivery_status', readReceipt({ from: 'Mette <mette@example.dk>', subject: 'Læst: Bekymringsbrev' }));
  add('return-path-empty', 'delivery_status', mail({ from: 'Postmaster <postmaster@kommune-mail.dk>', subject: 'Returned mail: see transcript for details (kontanthjælp)', headers: { 'Return-Path': '<>' }, text: 'The original message was received and could not be delivered.' }));

  // Bulk and newsletters
  add('newsletter-byggeri', 'bulk', mail({ from: 'Byggeriets Nyheder <nyhed@byggenyt.dk>', subject: 'Nyt om byggetilladelser og BR18 – marts', headers: newsletterHeaders('byggenyt.dk'), html: '<html><body><h1>Byggetilladelse på rekordtid</h1><p>Læs om de nye regler for byggesager.</p><a href="https://byggenyt.dk/artikel/1">Læs mere</a></body></html>' }));
  add('newsletter-advert', 'bulk', mail({ from: 'Kontorpartner <tilbud@kontorpartner.dk>', subject: 'Spar 30% – faktura-software til kommuner', headers: newsletterHeaders('kontorpartner.dk'), text: 'Få styr på faktura og kreditnota med vores nye system. Bestil en demo i dag!' }));
  add('mailchimp-list-id', 'bulk', mail({ from: 'Foreningen <info@forening.dk>', subject: 'Nyhedsbrev: Kontanthjælpsloft og nye satser', headers: { 'List-Id': '<a1b2c3.list-id.mcsv.net>', 'List-Unsubscribe': '<https://forening.us1.list-manage.com/unsubscribe?u=1>' }, text: 'Månedens nyheder om kontanthjælp og uddannelseshjælp.' }));
  add('mailing-list', 'bulk', mail({ from: 'KL Netværk <netvaerk@lists.kl.example>', subject: '[skoleledere] Jobansøgning - skabelon', headers: { 'List-Id': 'Skoleledere <skoleledere.lists.kl.example>', Precedence: 'list' }, text: 'Hej alle, har nogen en god skabelon til jobansøgning?' }));
  add('precedence-bulk', 'bulk', mail({ from: 'Webinar <events@saas.example>', subject: 'Webinar: digital faktura i det offentlige', headers: { Precedence: 'bulk' }, text: 'Tilmeld dig vores gratis webinar om e-faktura.' }));
  add('precedence-junk', 'bulk', mail({ from: 'Deals <deals@shop.example>', subject: 'Billige byggematerialer – byggetilladelse ikke nødvendig', headers: { Precedence: 'junk' }, text: 'Carporte og skure uden byggetilladelse. Køb nu.' }));
  add('english-newsletter', 'bulk', mail({ from: 'GovTech Weekly <news@govtech.example>', subject: 'This week: invoices, payroll and job applications', headers: { 'List-Unsubscribe': '<mailto:unsubscribe@govtech.example?subject=unsubscribe>' }, text: 'Top stories on public sector invoicing (faktura) and HR.' }));

  // Gateway spam verdicts
  add('spamassassin-flag', 'gateway_spam', mail({ from: 'Lotto <winner@prize.example>', subject: '*****SPAM***** Din faktura er klar', headers: { 'X-Spam-Flag': 'YES', 'X-Spam-Status': 'Yes, score=12.3 required=5.0 tests=BAYES_99', 'X-Spam-Score': '12.3' }, text: 'Du har vundet! Åbn den vedhæftede faktura.' }));
  add('spam-status-only', 'gateway_spam', mail({ from: 'Kontanthjælp Hurtigt <lan@quickloan.example>', subject: 'Kontanthjælp udbetalt i dag – lån uden sikkerhed', headers: { 'X-Spam-Status': 'Yes, score=8.1 required=5.0' }, text: 'Lån op til 50.000 kr. uden kreditvurdering.' }));
  add('spam-flag-english', 'gateway_spam', mail({ from: 'Pharmacy <shop@pills.example>', subject: 'Job application opportunity – work from home', headers: { 'X-Spam-Flag': 'YES' }, text: 'Earn 5000 EUR a week. Send your jobansøgning today.' }));

  // Phishing
  add('phishing-bekraeft-konto', 'phishing', mail({ from: 'Microsoft 365 <no-reply@m365-security.example>', subject: 'Handling påkrævet: bekræft din konto', html: '<html><body><p>Kære bruger,</p><p>Din postkasse er fuld. Bekræft din konto inden 24 timer, ellers bliver den lukket.</p><p><a href="http://m365-login.verify-account.example/owa">Bekræft nu</a></p></body></html>' }));
  add('phishing-mismatch-skat', 'phishing', mail({ from: 'Skattestyrelsen <info@skat-refusion.example>', subject: 'Du har penge tilgode – faktura 2025', html: '<html><body><p>Du har et overskud på 4.212 kr. Gå til</p><p><a href="https://skat-dk.refusion-portal.example/login">https://www.skat.dk/borger/tilbagebetaling</a></p></body></html>' }));
  add('phishing-mismatch-mitid', 'phishing', mail({ from: 'MitID <support@mitid-opdatering.example>', subject: 'Din MitID udløber', html: '<html><body><p>Opdater dine oplysninger på <a href="http://185.22.10.4/mitid/">www.mitid.dk</a></p></body></html>' }));
  add('phishing-verify-english', 'phishing', mail({ from: 'IT Helpdesk <helpdesk@noerrea-it.example>', subject: 'Invoice payment blocked – verify your account', text: 'Your mailbox will be suspended. Verify your account here: http://noerrea-helpdesk.example/verify' }));
  add('phishing-adgangskode-udloeber', 'phishing', mail({ from: 'Webmail <admin@webmail-noerrea.example>', subject: 'Din adgangskode udløber i dag', text: 'Din adgangskode vil blive spærret. Bekræft din adgangskode via linket: https://webmail-noerrea.example/keep\nMed venlig hilsen IT-afdelingen' }));
  add('phishing-bank-mismatch', 'phishing', mail({ from: 'Danske Bank <kunde@danskebank-sikkerhed.example>', subject: 'Betalingspåmindelse: bekræft dine betalingsoplysninger', html: '<html><body><p>Bekræft dine betalingsoplysninger for at undgå gebyr:</p><a href="https://secure-pay.example/db">danskebank.dk</a></body></html>' }));
  add('phishing-postnord', 'phishing', mail({ from: 'PostNord <pakke@postnord-levering.example>', subject: 'Din pakke afventer – betal told (faktura)', html: '<html><body><p>Din pakke kan ikke leveres.</p><a href="https://track-parcel.example/pay">https://www.postnord.dk/track</a></body></html>' }));
  add('phishing-sharepoint', 'phishing', mail({ from: 'SharePoint <share@documents-online.example>', subject: 'Jobansøgning.pdf er delt med dig', html: '<html><body><p>Et dokument er delt med dig. Log ind for at se det.</p><a href="https://docs-share.example/o365">https://noerrea.sharepoint.com/jobansoegning.pdf</a></body></html>' }));
  return out;
}

/** Ordinary citizen mails that look a little like machine mail but are not: never junk. */
export function citizenMails(): { name: string; eml: string }[] {
  serial = 100;
  return [
    { name: 'svar-paa-sag', eml: mail({ from: 'Jens Olsen <jens.olsen@example.dk>', subject: 'Sv: Svar på din ansøgning om kontanthjælp', headers: { 'In-Reply-To': '<case-1@noerrea.dk>' }, text: 'Hej. Tak for svaret. Jeg sender lønsedlerne i morgen.\n\nMvh Jens' }) },
    { name: 'fravaer-i-skole', eml: mail({ from: 'Mor <mor@example.dk>', subject: 'Fravær fra skole i næste uge', text: 'Vores søn er fraværende i uge 12 på grund af operation.' }) },
    { name: 'link-text-equals-target', eml: mail({ from: 'Ida <ida@example.dk>', subject: 'Byggetilladelse – tegninger', html: '<html><body><p>Tegningerne ligger her: <a href="https://www.dropbox.com/s/abc/tegning.pdf">https://www.dropbox.com/s/abc/tegning.pdf</a> og <a href="https://bygningsreglementet.dk">bygningsreglementet.dk</a>. <a href="mailto:ida@example.dk">ida@example.dk</a> <a href="https://example.dk/bilag.pdf">bilag.pdf</a></p></body></html>' }) },
    { name: 'cannot-log-in', eml: mail({ from: 'Ole <ole@example.dk>', subject: 'Kan ikke logge ind med MitID', text: 'Jeg kan ikke bekræfte min identitet på borger.dk og kan derfor ikke søge om boligstøtte. Kan I hjælpe?' }) },
    { name: 'auto-submitted-no', eml: mail({ from: 'Sara <sara@example.dk>', subject: 'Automatisk betaling af faktura', headers: { 'Auto-Submitted': 'no' }, text: 'Hvordan tilmelder jeg fakturaen til automatisk betaling?' }) },
    { name: 'spam-status-no', eml: mail({ from: 'Lars <lars@example.dk>', subject: 'Jobansøgning – pædagog', headers: { 'X-Spam-Flag': 'NO', 'X-Spam-Status': 'No, score=0.4 required=5.0', 'X-Spam-Score': '0.4' }, text: 'Hermed min ansøgning til stillingen som pædagog.' }) },
  ];
}
