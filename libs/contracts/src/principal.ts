/** The audiences the gateway signs principals for: one per service behind it. */
export const Audience = {
  Identity: 'identity',
  DataApi: 'data-api',
  Audit: 'audit',
} as const;
export type Audience = (typeof Audience)[keyof typeof Audience];

/** Who made a request, as the gateway vouches for it to a backend. */
export interface Principal {
  /** Organisation the request acts for: backends take it from here and nowhere else. */
  org_id: string;
  /** `key_…` for an API key, `usr_…` for a signed-in user. */
  subject: string;
  kind: 'api_key' | 'user';
  key_id?: string;
  scopes: string[];
}

export type UserRole = 'owner' | 'admin' | 'member' | 'viewer';
