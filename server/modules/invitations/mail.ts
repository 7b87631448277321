/**
 * Sending invitation emails: nodemailer over SMTP_URL. Each message carries the .ics twice, as RFC 6047 (iMIP)
 * asks and mail clients expect: a `text/calendar; method=REQUEST|CANCEL` alternative body part (Gmail and Outlook
 * show RSVP buttons from it) and an `invite.ics` attachment. Without SMTP_URL nothing is sent: the caller stores
 * the invitation and this module logs it.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { Logger } from '../../deps.js';

export interface MailMessage {
  to: { email: string; name: string };
  subject: string;
  text: string;
  /** The iCalendar object; omitted for plain reminders. */
  ics?: { content: string; method: 'REQUEST' | 'CANCEL' };
}

export interface Mailer {
  /** Whether SMTP is configured. */
  readonly enabled: boolean;
  /** The organiser address (MAIL_FROM). */
  readonly from: { name: string; email: string };
  /**
   * Send one message. Resolves `sent`, or `stored` when SMTP is not configured (logged only).
   * @throws the SMTP error (connection refused, 5xx reply…)
   */
  send(m: MailMessage): Promise<'sent' | 'stored'>;
}

/** `Name <a@b>` or `a@b` → parts. */
export function parseAddress(s: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(s);
  return m ? { name: m[1]!.replace(/^"|"$/g, '') || m[2]!, email: m[2]! } : { name: s.trim(), email: s.trim() };
}

/** Build the mailer for `config.SMTP_URL` (unset: store-and-log). */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>, log: Logger): Mailer {
  const from = parseAddress(config.MAIL_FROM);
  const transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined;
  return {
    enabled: !!transport,
    from,
    async send(m) {
      if (!transport) {
        log.info('invitation stored (no SMTP_URL)', { to: m.to.email, subject: m.subject, method: m.ics?.method });
        return 'stored';
      }
      await transport.sendMail({
        from: { name: from.name, address: from.email },
        to: { name: m.to.name, address: m.to.email },
        subject: m.subject,
        text: m.text,
        ...(m.ics
          ? {
              // nodemailer's icalEvent adds both: the `text/calendar; method=…` alternative and an invite.ics attachment
              icalEvent: { method: m.ics.method, content: m.ics.content, filename: m.ics.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics' },
            }
          : {}),
      });
      return 'sent';
    },
  };
}
