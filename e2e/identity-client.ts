import { randomInt } from 'node:crypto';

/** A small client for the identity routes through the gateway, as an integration would write it. */
export class GatewayClient {
  constructor(readonly baseUrl: string) {}

  /** Each call from its own documentation-range client IP (the test gateway trusts 127.0.0.1 as a proxy). */
  static randomIp(): string {
    return `198.51.100.${randomInt(1, 255)}`;
  }

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; ip?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const headers: Record<string, string> = {
      'x-forwarded-for': options.ip ?? GatewayClient.randomIp(),
      ...options.headers,
    };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    // A live stream (SSE) never ends: its headers are the answer.
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { status: response.status, body: {}, headers: response.headers };
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { raw: text };
    }
    return { status: response.status, body, headers: response.headers };
  }

  async login(email: string, password: string, ip?: string): Promise<string> {
    const response = await this.call('POST', '/auth/login', {
      body: { email, password },
      ...(ip ? { ip } : {}),
    });
    if (response.status !== 200)
      throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body['access_token'] as string;
  }
}
