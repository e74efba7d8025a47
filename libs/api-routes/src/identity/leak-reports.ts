import { z } from 'zod';
import { text } from '@latchkey/contracts';

/**
 * Leak reports in the format of GitHub's secret scanning partner program: a JSON array of tokens
 * found in public, each with the pattern's type, where it was found (`url`) and in what (`source`:
 * content, commit, pull_request, gist, …). Objects are not strict: a reporter may add members, which
 * are ignored. Every member is bounded so one report costs little to read.
 */

/** Tokens in one report: the work one request causes (a hash and at most one lookup each) stays small. */
export const MAX_LEAK_REPORT_TOKENS = 100;

export const leakReportItem = z.object({
  token: text().min(1).max(512).describe('The secret as found'),
  type: text().max(200).describe("The reporter's name for the pattern it matched"),
  url: text().max(2048).default('').describe('Where it was found (may be empty)'),
  source: text().max(100).default('').describe('content, commit, pull_request, gist, … (may be empty)'),
});
export type LeakReportItem = z.infer<typeof leakReportItem>;

export const leakReportBody = z
  .array(leakReportItem)
  .min(1)
  .max(MAX_LEAK_REPORT_TOKENS)
  .describe(`Tokens found in public, at most ${MAX_LEAK_REPORT_TOKENS} per report`);
export type LeakReport = z.infer<typeof leakReportBody>;

/**
 * A verdict per reported token, as the partner program expects it: `true_positive` for a live
 * Latchkey secret (acted on by the organisation's leak_action), `false_positive` for anything else
 * (not a Latchkey secret, a wrong checksum, unknown, revoked or expired). Nothing more: no key id,
 * organisation or action leaves, so a report teaches its sender nothing about whose key it was.
 */
export const leakVerdictView = z.object({
  token_raw: z.string().describe('The token as reported'),
  token_type: z.string().describe('The type as reported'),
  label: z.enum(['true_positive', 'false_positive']),
});
export type LeakVerdictView = z.infer<typeof leakVerdictView>;

export const leakVerdictsView = z.array(leakVerdictView);

/** The signature headers of the partner program (both or neither). */
export const leakReportHeaders = z.object({
  'Github-Public-Key-Identifier': text()
    .max(256)
    .optional()
    .describe('Which configured reporter key signed the body (LEAK_REPORTERS)'),
  'Github-Public-Key-Signature': text()
    .max(1024)
    .optional()
    .describe('ECDSA P-256 SHA-256 signature of the raw body, base64 (DER)'),
});
