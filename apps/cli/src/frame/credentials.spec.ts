import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './cli-error';
import { resolveConnection, resolveUrl } from './connection';
import { clearLogin, credentialsPath, loadLogin, saveLogin } from './credentials';
import { ExitCode } from './exit-codes';

describe('the stored login', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const login = { url: 'https://keys.example.com', token: 'eyJ.secret.token', email: 'owner@acme.example' };

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
    env = { XDG_CONFIG_HOME: join(home, 'config'), HOME: home };
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('lives under $XDG_CONFIG_HOME/latchkey, else ~/.config/latchkey', () => {
    expect(credentialsPath(env)).toBe(join(home, 'config', 'latchkey', 'credentials.json'));
    expect(credentialsPath({ HOME: home })).toBe(join(home, '.config', 'latchkey', 'credentials.json'));
  });

  it('is written with mode 0600 in a 0700 directory, and read back', () => {
    const file = saveLogin(login, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(loadLogin(env)).toEqual(login);
  });

  it('replacing a file others could read leaves it 0600', () => {
    const file = credentialsPath(env);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{}', { mode: 0o644 });
    chmodSync(file, 0o644);
    saveLogin(login, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a credentials file others may read is refused, not used', () => {
    const file = saveLogin(login, env);
    chmodSync(file, 0o640);
    expect(() => loadLogin(env)).toThrow(expect.objectContaining({ exitCode: ExitCode.Usage }));
  });

  it('is absent before login and after logout', () => {
    expect(loadLogin(env)).toBeUndefined();
    saveLogin(login, env);
    clearLogin(env);
    expect(loadLogin(env)).toBeUndefined();
  });

  it('--token, then LATCHKEY_TOKEN, then the stored login', () => {
    saveLogin(login, env);
    expect(resolveConnection({ token: 'flag' }, { ...env, LATCHKEY_TOKEN: 'variable' })).toMatchObject({
      url: login.url,
      token: 'flag',
      tokenSource: '--token',
    });
    expect(resolveConnection({}, { ...env, LATCHKEY_TOKEN: 'variable' })).toMatchObject({
      tokenSource: 'LATCHKEY_TOKEN',
    });
    expect(resolveConnection({}, env)).toEqual({
      url: login.url,
      token: login.token,
      tokenSource: 'stored login',
    });
  });

  it('the stored token is never sent to another gateway than the one it was issued by', () => {
    saveLogin(login, env);
    const elsewhere = () => resolveConnection({ url: 'https://attacker.example' }, env);
    expect(elsewhere).toThrow(CliError);
    expect(elsewhere).toThrow(expect.objectContaining({ exitCode: ExitCode.Unauthenticated }));
    expect(() => resolveConnection({}, { ...env, LATCHKEY_URL: 'http://other:8080' })).toThrow(
      expect.objectContaining({ exitCode: ExitCode.Unauthenticated }),
    );
  });

  it('an expired stored login is refused as not authenticated, and no error carries the token', () => {
    saveLogin({ ...login, expires_at: '2020-01-01T00:00:00.000Z' }, env);
    let error: unknown;
    try {
      resolveConnection({}, env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ exitCode: ExitCode.Unauthenticated });
    expect(JSON.stringify(error) + String(error)).not.toContain(login.token);
  });

  it('the URL: --url, then LATCHKEY_URL, then the stored login, then the local gateway; a bad one is a usage error', () => {
    expect(resolveUrl({}, env)).toBe('http://localhost:8080');
    saveLogin(login, env);
    expect(resolveUrl({}, env)).toBe(login.url);
    expect(resolveUrl({}, { ...env, LATCHKEY_URL: 'http://gw:8080/' })).toBe('http://gw:8080');
    expect(resolveUrl({ url: 'https://flag.example/' }, { ...env, LATCHKEY_URL: 'http://gw:8080' })).toBe(
      'https://flag.example',
    );
    expect(() => resolveUrl({ url: 'ftp://x' }, env)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.Usage }),
    );
    expect(() => resolveUrl({ url: 'not a url' }, env)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.Usage }),
    );
  });
});
