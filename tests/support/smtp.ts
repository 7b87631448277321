/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it receives, for tests of
 * invitation emails. `calendarParts(raw)` pulls the text/calendar parts out of a MIME message (decoding base64 or
 * quoted-printable) so tests can parse them with an independent iCalendar parser (ical.js); `textBody(raw)` and
 * `subjectOf(raw)` read plain emails (reminders). `rejectRecipients` makes mailboxes bounce.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  /** Recipients this server refuses (`550` at RCPT TO) while they are in the set: a mailbox that bounces. */
  rejectRecipients: Set<string>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const rejectRecipients = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (!rejectRecipients.has(address.address.toLowerCase())) return cb();
      cb(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectRecipients,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Each MIME part of `raw` whose Content-Type is text/calendar or application/ics: its headers and decoded body. */
export function calendarParts(raw: string): { contentType: string; body: string }[] {
  return partsOfType(raw, /text\/calendar|application\/ics/i);
}

/** The decoded text/plain body of a message (single-part or the first text/plain part), or undefined. */
export function textBody(raw: string): string | undefined {
  return partsOfType(raw, /text\/plain/i)[0]?.body;
}

/** The message's Subject header, unfolded (RFC 5322 §2.2.3). */
export function subjectOf(raw: string): string {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
}

function partsOfType(raw: string, type: RegExp): { contentType: string; body: string }[] {
  const out: { contentType: string; body: string }[] = [];
  for (const part of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const sep = part.search(/\r?\n\r?\n/);
    if (sep < 0) continue;
    const head = part.slice(0, sep).replace(/\r?\n[ \t]+/g, ' ');
    const ct = /^content-type:\s*(.+)$/im.exec(head)?.[1] ?? '';
    if (!type.test(ct)) continue;
    const enc = (/^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1] ?? '7bit').toLowerCase();
    let body = part.slice(sep).replace(/^\r?\n\r?\n/, '').replace(/\r?\n--[^\r\n]*--\s*$/, '');
    if (enc === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    else if (enc === 'quoted-printable') {
      body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    }
    out.push({ contentType: ct, body });
  }
  return out;
}
