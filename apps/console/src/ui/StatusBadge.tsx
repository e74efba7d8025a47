import type { ApiKey } from '../api/types';

export type DisplayStatus = 'active' | 'expiring soon' | 'expired' | 'revoked' | 'dormant';

export function displayStatus(key: Pick<ApiKey, 'status' | 'expiring_soon'>): DisplayStatus {
  if (key.status === 'active' && key.expiring_soon) return 'expiring soon';
  return key.status;
}

export function StatusBadge({ status }: { status: DisplayStatus | string }) {
  return <span className={`badge badge-${status.replace(/\s+/g, '-')}`}>{status}</span>;
}
