export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  tags?: Record<string, string>;
}

export interface SendResult {
  providerMessageId: string;
}

const MAIL_API_URL = process.env.MAIL_API_URL ?? 'https://mail.internal/v1/messages';

export class MailerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export async function sendEmail(email: OutgoingEmail): Promise<SendResult> {
  const response = await fetch(MAIL_API_URL, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${process.env.MAIL_API_TOKEN ?? ''}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(email),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new MailerError(`mail API answered ${response.status}`, response.status >= 500);
  }
  const body = (await response.json()) as { id: string };
  return { providerMessageId: body.id };
}
