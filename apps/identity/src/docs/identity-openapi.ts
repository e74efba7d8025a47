/** What identity's own OpenAPI document says of itself (main.ts serves it; tests build it in-process). */
export const IDENTITY_DOCUMENT_INFO = {
  title: 'Latchkey identity',
  description: 'Sign-in, tokens, API keys, members, policy and webhook connections.',
};
