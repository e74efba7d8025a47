/** Header names shared by the gateway and the services behind it (lower case, as Node sees them). */
export const Header = {
  Principal: 'x-latchkey-principal',
  RequestId: 'x-request-id',
  SecretKey: 'x-secret-key',
} as const;
